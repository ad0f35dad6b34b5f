// The migration page: the count to confirm follows the instances ticked.
(function () {
  "use strict";
  var form = document.getElementById("migrate-form"), count = document.getElementById("migrate-count");
  if (!form || !count) { return; }
  form.addEventListener("change", function () {
    count.textContent = String(form.querySelectorAll("input[name=instance]:checked").length);
  });
})();
