/* Shows and hides questions with show_if as the respondent answers. Only an enhancement:
   the server decides what is stored, and the survey works with JavaScript off. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-answers]");
  if (!form) return;
  var outside = {};
  try { outside = JSON.parse(form.getAttribute("data-answers") || "{}"); } catch (e) { outside = {}; }

  function answers() {
    var out = {};
    Object.keys(outside).forEach(function (q) { out[q] = outside[q]; });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      var value = (el.value || "").trim();
      if (!value) return;
      var parts = el.name.split("__");
      var q = parts[0], item = parts.length > 1 ? parts[1] : "";
      out[q] = out[q] || {};
      if (el.type === "checkbox") { out[q][value] = "1"; } else { out[q][item] = value; }
    });
    return out;
  }

  function holds(c, a) {
    if (c.all) return c.all.every(function (s) { return holds(s, a); });
    if (c.any) return c.any.some(function (s) { return holds(s, a); });
    var given = a[c.question] || {};
    if (c.answered !== undefined) return (Object.keys(given).length > 0) === c.answered;
    var codes = c.equals !== undefined ? [c.equals] : (c.one_of || []);
    return codes.some(function (code) { return given[""] === code || given[code] === "1"; });
  }

  var conditional = Array.prototype.slice.call(document.querySelectorAll("[data-show-if]"));
  function update() {
    var a = answers();
    conditional.forEach(function (el) {
      var shown = holds(JSON.parse(el.getAttribute("data-show-if")), a);
      el.hidden = !shown;
      if (!shown) { delete a[el.id.replace(/^q-/, "")]; }
    });
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
