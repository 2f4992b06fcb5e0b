// classplan: conditional questions in the questionnaire preview. A fieldset
// with data-show-if="<question id>" and data-show-if-any="A|B" is shown (and
// enabled) only while that question's answer is one of A, B. Without
// JavaScript every question stays visible, each with its "Only if" note.
(function () {
  var groups = Array.prototype.slice.call(document.querySelectorAll("fieldset[data-show-if]"));
  groups.forEach(function (fs) {
    var name = fs.getAttribute("data-show-if");
    var any = fs.getAttribute("data-show-if-any").split("|");
    var inputs = Array.prototype.slice.call(document.querySelectorAll("input[name='" + name + "']"));
    function update() {
      var on = inputs.some(function (i) { return i.checked && any.indexOf(i.value) !== -1; });
      fs.hidden = !on;
      fs.disabled = !on;
    }
    inputs.forEach(function (i) { i.addEventListener("change", update); });
    update();
  });
})();
