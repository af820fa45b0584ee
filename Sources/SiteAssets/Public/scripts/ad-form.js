// The ad form: offers only the placements the chosen type may appear in (each option lists its types in
// data-types), and picks the first allowed one when the current choice no longer fits. Without script every
// placement is offered and the server refuses a wrong pair with a message.
(function () {
  "use strict";
  var type = document.getElementById("type");
  var placement = document.getElementById("placement");
  if (!type || !placement) return;
  var apply = function () {
    var firstAllowed = null;
    Array.prototype.forEach.call(placement.options, function (option) {
      var allowed = (option.getAttribute("data-types") || "").split(" ").indexOf(type.value) !== -1;
      option.hidden = !allowed;
      option.disabled = !allowed;
      if (allowed && firstAllowed === null) firstAllowed = option;
    });
    var current = placement.options[placement.selectedIndex];
    if ((!current || current.disabled) && firstAllowed) placement.value = firstAllowed.value;
  };
  type.addEventListener("change", apply);
  apply();
})();
