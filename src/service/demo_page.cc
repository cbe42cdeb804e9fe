#include "service/demo_page.h"

namespace gt3::service {
namespace {

constexpr const char* kPage = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gt3-bypass demo</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
  #mode { font-size: 2rem; font-weight: 700; }
  .online { color: #0a6b2c; } .offline { color: #b04a00; }
  button { font: inherit; padding: .4rem .8rem; margin: .2rem; }
  button:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
  pre { background: #f4f4f4; padding: .6rem; overflow-x: auto; }
</style>
</head>
<body>
<h1>gt3-bypass demo</h1>
<p>Mode: <span id="mode" aria-live="polite">?</span> <span id="cause"></span></p>
<h2>Simulated GeeTest cloud</h2>
<p id="cloud-buttons">
  <button data-mode="up">up</button> <button data-mode="down">down</button>
  <button data-mode="hang">hang</button> <button data-mode="status-fail">status-fail</button>
  <button data-mode="html">html</button> <button data-mode="flap:5000">flap</button>
</p>
<h2>/register</h2>
<p><button id="register">GET /register</button></p>
<pre id="answer"></pre>
<script>
async function refresh() {
  const s = await (await fetch('/bypass/status')).json();
  const mode = document.getElementById('mode');
  mode.textContent = s.mode; mode.className = s.mode;
  document.getElementById('cause').textContent = '(' + s.cause + ')';
}
document.querySelectorAll('#cloud-buttons button').forEach(b => b.addEventListener('click', async () => {
  await fetch('/demo/cloud', {method: 'POST', body: JSON.stringify({mode: b.dataset.mode})});
  refresh();
}));
document.getElementById('register').addEventListener('click', async () => {
  const r = await fetch('/register?t=' + Date.now());
  document.getElementById('answer').textContent = JSON.stringify(await r.json(), null, 2);
});
refresh(); setInterval(refresh, 1000);
</script>
</body>
</html>
)html";

}  // namespace

http::Response demo_page() {
  http::Response response;
  response.content_type = "text/html; charset=utf-8";
  response.body = kPage;
  return response;
}

}  // namespace gt3::service
