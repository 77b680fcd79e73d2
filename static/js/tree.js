// Loads a node's children the first time it is opened, so a city-wide tree stays light.
async function loadChildren(node) {
  if (!node.open || node.dataset.loaded) return;
  node.dataset.loaded = "1";
  const list = node.querySelector(":scope > ul");
  const response = await fetch(node.dataset.children, { headers: { "X-Requested-With": "fetch" } });
  list.innerHTML = response.ok ? await response.text() : '<li class="text-danger">加载失败，请刷新重试。</li>';
}

document.addEventListener("toggle", (event) => {
  if (event.target instanceof HTMLDetailsElement && event.target.dataset.children) loadChildren(event.target);
}, true);
document.querySelectorAll("details[open][data-children]").forEach(loadChildren);
