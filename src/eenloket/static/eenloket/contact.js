// The live-contact screen: a running timer, only the outcome fields that apply, and the
// question being typed kept in this browser until it is saved (an interrupted contact
// loses nothing). Everything works without this script too.
(function () {
  "use strict";
  var timer = document.querySelector(".eenloket-timer");
  if (timer) {
    var start = new Date(timer.getAttribute("data-start"));
    var tick = function () {
      var s = Math.max(0, Math.floor((Date.now() - start.getTime()) / 1000));
      var m = Math.floor(s / 60);
      timer.textContent = m + ":" + String(s % 60).padStart(2, "0");
    };
    tick();
    setInterval(tick, 1000);
  }
  var form = document.querySelector(".eenloket-vraagform");
  if (!form) return;
  var toon = function () {
    var gekozen = form.querySelector("input[name='v-uitkomst']:checked");
    var waarde = gekozen ? gekozen.value : "beantwoord";
    form.querySelectorAll("fieldset[data-uitkomst]").forEach(function (set) {
      set.hidden = set.getAttribute("data-uitkomst") !== waarde;
    });
  };
  form.addEventListener("change", toon);
  toon();
  var sleutel = "eenloket-concept-" + form.getAttribute("data-concept");
  var velden = form.querySelectorAll("textarea, input[type=text], input[type=email]");
  var hasErrors = form.querySelector(".utrecht-form-field--invalid");
  try {
    var bewaard = JSON.parse(window.localStorage.getItem(sleutel) || "{}");
    if (!hasErrors) {
      velden.forEach(function (veld) {
        if (!veld.value && bewaard[veld.name]) veld.value = bewaard[veld.name];
      });
    }
    form.addEventListener("input", function () {
      var data = {};
      velden.forEach(function (veld) { if (veld.value) data[veld.name] = veld.value; });
      window.localStorage.setItem(sleutel, JSON.stringify(data));
    });
    form.addEventListener("submit", function () { window.localStorage.removeItem(sleutel); });
  } catch (e) { /* storage unavailable: the server-side draft still holds saved questions */ }
})();
