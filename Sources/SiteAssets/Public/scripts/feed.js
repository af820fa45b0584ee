// Loads a creator's next page of posts in place. Without this script the "more posts" link opens that page,
// so the feed works either way. The next page is the same HTML page: its posts and its own "more" link are
// taken from it, so there is no second format to keep in step.
(function () {
  "use strict";
  function more(event) {
    var link = event.target.closest("#feed-more");
    if (!link) return;
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") return;
    link.setAttribute("aria-busy", "true");
    fetch(link.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        var feed = document.getElementById("feed");
        next.querySelectorAll("#feed > li").forEach(function (item) {
          feed.appendChild(document.importNode(item, true));
        });
        var nextLink = next.getElementById("feed-more");
        if (nextLink) {
          link.href = nextLink.getAttribute("href");
          link.removeAttribute("aria-busy");
        } else {
          link.remove();
        }
      })
      .catch(function () {
        // The plain link still works: follow it.
        window.location.href = link.href;
      });
  }
  document.addEventListener("click", more);
})();
