/* Charts: embeds every <script type="application/json" class="chart-spec"> block.
 *
 * The block's data-chart names the element to draw in. The page carries the same
 * numbers in a table beside each chart, so a chart that cannot draw loses nothing.
 * `ast: true` makes vega interpret expressions instead of compiling them with
 * `new Function`, which the Content-Security-Policy forbids; vega-embed's own styles
 * and tooltips inject inline styles, which it forbids too.
 */
(function () {
  "use strict";

  var OPTIONS = {
    ast: true,
    actions: false,
    defaultStyle: false,
    tooltip: false,
    renderer: "svg",
  };

  function embed(block) {
    var target = document.getElementById(block.getAttribute("data-chart") || "");
    if (!target) {
      return;
    }
    var spec = JSON.parse(block.textContent);
    window.vegaEmbed(target, spec, OPTIONS).then(function () {
      target.setAttribute("data-chart-ready", "true");
    });
  }

  function embedAll() {
    if (typeof window.vegaEmbed !== "function") {
      return;
    }
    var blocks = document.querySelectorAll('script[type="application/json"].chart-spec');
    Array.prototype.forEach.call(blocks, embed);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", embedAll);
  } else {
    embedAll();
  }
})();
