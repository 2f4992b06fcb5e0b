// classplan: client-side filtering of the plan index. Works offline; without
// JavaScript the index is a plain list.
(function () {
  var box = document.querySelector(".filter");
  var input = document.getElementById("filter");
  var count = document.getElementById("filter-count");
  if (!box || !input) return;
  box.hidden = false;
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-filter]"));
  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-filter");
      var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = words.length ? shown + " of " + rows.length + " rows match" : "";
  }
  input.addEventListener("input", apply);
})();
