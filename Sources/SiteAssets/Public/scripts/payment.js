// The Pix payment page: copies the code, counts down to the charge's expiry, and asks the server for the
// checkout's status every few seconds, reloading the page (which then shows the result) once it has changed.
// Without script the page still shows the code, the QR code and a link to look again.
(function () {
  "use strict";
  var page = document.getElementById("pagamento");
  if (!page) return;

  var copyButton = document.getElementById("copy-pix");
  var code = document.getElementById("pix-code");
  if (copyButton && code) {
    copyButton.addEventListener("click", function () {
      var done = function () { copyButton.textContent = copyButton.getAttribute("data-copied"); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(code.value).then(done, function () { code.select(); document.execCommand("copy"); done(); });
      } else {
        code.select();
        document.execCommand("copy");
        done();
      }
    });
  }

  var countdown = document.getElementById("countdown");
  if (countdown) {
    var expires = parseInt(countdown.getAttribute("data-expires"), 10) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.floor((expires - Date.now()) / 1000));
      var seconds = left % 60;
      countdown.textContent = Math.floor(left / 60) + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) window.location.reload();
    };
    tick();
    window.setInterval(tick, 1000);
  }

  var statusURL = page.getAttribute("data-status-url");
  var shown = page.getAttribute("data-status");
  var poll = function () {
    fetch(statusURL, { headers: { "Accept": "application/json" }, cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (checkout) {
        if (checkout && checkout.status !== shown) window.location.reload();
      })
      .catch(function () { /* try again on the next round */ });
  };
  window.setInterval(poll, 3000);
})();
