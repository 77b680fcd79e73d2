// Draws the per-child chart of the statistics page from the JSON the page embeds.
(() => {
  const source = document.getElementById("chart-data");
  const canvas = document.getElementById("children-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colours = ["#dc3545", "#0d6efd", "#198754"];
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: Object.entries(data.series).map(([label, values], i) => ({
        label, data: values, backgroundColor: colours[i % colours.length],
      })),
    },
    options: { responsive: true, scales: { y: { beginAtZero: true } } },
  });
})();
