// A character counter under every text box with a length limit (textarea[maxlength], and inputs
// marked data-counter): "已输入 12 / 1000 字", red near the limit. Counts characters as the server
// does (code points, a line break as one), so what the counter allows the server accepts.
(function () {
  "use strict";

  function length(value) {
    return Array.from(value.replace(/\r\n/g, "\n")).length;
  }

  function attach(box) {
    var limit = parseInt(box.getAttribute("maxlength"), 10);
    if (!limit) {
      return;
    }
    var counter = document.createElement("div");
    counter.className = "form-text text-end char-counter";
    counter.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", counter);

    function update() {
      var used = length(box.value);
      counter.textContent = "已输入 " + used + " / " + limit + " 字";
      counter.classList.toggle("text-danger", used > limit * 0.9);
    }

    box.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("textarea[maxlength], input[maxlength][data-counter]").forEach(attach);
})();
