// Polls a background job's progress (jobs:progress) and updates the page until it finishes.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  function part(name) { return box.querySelector('[data-job="' + name + '"]'); }

  function show(data) {
    part("status").textContent = data.status_label;
    part("counts").textContent = data.total ? "（" + data.done + "/" + data.total + "）" : "";
    part("bar").value = data.percent;
    part("bar").textContent = data.percent + "%";
    part("message").textContent = data.message;
    part("message").classList.toggle("text-danger", data.status === "failed");
    if (data.download_url) {
      part("download").href = data.download_url;
      part("download").classList.remove("d-none");
    }
    part("retry").classList.toggle("d-none", !data.can_retry);
    if (data.again_url) { part("again").href = data.again_url; }
    part("again").classList.toggle("d-none", !data.again_url);
  }

  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (!data.finished) { window.setTimeout(poll, 1500); }
      })
      .catch(function () {
        part("message").textContent = "暂时无法获取进度，请刷新页面。";
      });
  }
  poll();
})();
