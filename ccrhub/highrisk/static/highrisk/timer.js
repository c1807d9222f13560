/* Per-case timer of the high-risk meeting view. Without JavaScript the page is a plain
   list of cases; with it, each case shows a timer the chair starts, turning amber past
   the time allowed, and "Discussed" sends the seconds spent. */
(function () {
  "use strict";
  function format(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  function setUp(section) {
    var box = section.querySelector(".app-timer");
    var display = section.querySelector("[data-timer-display]");
    var start = section.querySelector("[data-timer-start]");
    var hidden = section.querySelector("[data-timer-seconds]");
    if (!box || !display || !start) { return; }
    var limit = 60 * parseInt(section.getAttribute("data-minutes") || "15", 10);
    var began = null, timer = null;
    box.hidden = false;
    function tick() {
      var seconds = Math.floor((Date.now() - began) / 1000);
      display.textContent = format(seconds);
      if (hidden) { hidden.value = String(seconds); }
      if (seconds > limit) { display.classList.add("text-secondary-dark"); }
    }
    start.addEventListener("click", function () {
      if (timer) { clearInterval(timer); timer = null; start.textContent = start.dataset.startLabel || "Start the timer"; return; }
      start.dataset.startLabel = start.dataset.startLabel || start.textContent;
      began = began || Date.now();
      timer = setInterval(tick, 1000);
      tick();
      start.textContent = start.getAttribute("data-pause-label") || "Pause";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-case-timer]").forEach(setUp);
  });
})();
