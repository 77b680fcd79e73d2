// Draws every <canvas data-chart="…"> of the statistics page from the JSON the page embeds.
(() => {
  const source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colours = ["#dc3545", "#0d6efd", "#198754", "#fd7e14"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const chart = data[canvas.dataset.chart];
    if (!chart) return;
    new Chart(canvas, {
      type: canvas.dataset.type || "bar",
      data: {
        labels: chart.labels,
        datasets: Object.entries(chart.series).map(([label, values], i) => ({
          label, data: values, backgroundColor: colours[i % colours.length], borderColor: colours[i % colours.length],
        })),
      },
      options: { responsive: true, scales: { y: { beginAtZero: true } } },
    });
  });
})();
