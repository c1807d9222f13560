/* CCR Hub's own script: small, no dependencies, no inline handlers (the CSP forbids them). */
(function () {
  "use strict";

  /* Quick exit (S26): replace this page in the tab's history with a neutral site. */
  var SHIFT_PRESSES = 3;
  var SHIFT_WINDOW_MS = 1000;

  function leave(url) {
    // Blank the screen first, so nothing lingers while the next site loads.
    document.title = "";
    if (document.body) {
      document.body.replaceChildren();
    }
    window.location.replace(url);
  }

  function setUpQuickExit() {
    var control = document.querySelector("[data-quick-exit]");
    if (!control) {
      return;
    }
    var url = control.getAttribute("data-quick-exit") || control.getAttribute("href");
    var shiftTimes = [];

    control.addEventListener("click", function (event) {
      event.preventDefault();
      leave(url);
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" || event.key === "Esc") {
        leave(url);
        return;
      }
      if (event.key !== "Shift") {
        shiftTimes = [];
        return;
      }
      if (event.repeat) {
        return;
      }
      var now = Date.now();
      shiftTimes = shiftTimes.filter(function (time) {
        return now - time < SHIFT_WINDOW_MS;
      });
      shiftTimes.push(now);
      if (shiftTimes.length >= SHIFT_PRESSES) {
        leave(url);
      }
    });
  }

  /* Confirmation for dangerous buttons: <button data-confirm="Revoke this token?">. */
  function setUpConfirmations() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var message =
        (submitter && submitter.getAttribute("data-confirm")) ||
        (form && form.getAttribute && form.getAttribute("data-confirm"));
      if (message && !window.confirm(message)) {
        event.preventDefault();
      }
    });
  }

  function start() {
    setUpQuickExit();
    setUpConfirmations();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
