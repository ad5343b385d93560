/// The web console's page, script and style, built into the binary: a node serves them with no
/// files beside it and no internet access.
enum WebAssets {
  static let page = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Porpoise</title>
    <link rel="stylesheet" href="/app.css">
    <link rel="icon" href="/favicon.svg" type="image/svg+xml">
    <script src="/app.js" defer></script>
    </head>
    <body>
    <header><h1>Porpoise</h1><span id="who"></span><button id="logout" hidden>Log out</button></header>
    <main>
    <form id="login" hidden>
      <h2>Log in</h2>
      <label>User <input id="user" name="user" autocomplete="username" required></label>
      <label>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit">Log in</button>
      <p id="login-error" class="error" role="alert"></p>
    </form>
    <div id="app" hidden>
      <nav><button data-tab="cluster" class="active">Cluster</button><button data-tab="editor">Script</button><button data-tab="jobs">Jobs</button></nav>
      <section id="cluster"><h2>Nodes</h2><div id="nodes"></div></section>
      <section id="editor" hidden>
        <textarea id="script" spellcheck="false" aria-label="Script">select * from getClusterPerf(true)</textarea>
        <div><button id="run">Run (Ctrl-Enter)</button></div>
        <pre id="output"></pre><pre id="error" class="error"></pre><div id="value"></div>
      </section>
      <section id="jobs" hidden><h2>Recent jobs</h2><div id="joblist"></div></section>
    </div>
    </main>
    </body>
    </html>
    """

  static let script = #"""
    "use strict";
    let csrf = "";
    const $ = (id) => document.getElementById(id);

    async function api(method, path, body) {
      const headers = { "Content-Type": "application/json" };
      if (csrf) headers["X-CSRF-Token"] = csrf;
      const r = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined, credentials: "same-origin" });
      let data = {};
      try { data = await r.json(); } catch (e) { data = { error: r.statusText }; }
      return { status: r.status, data };
    }

    function cell(v) { return v === null ? "" : String(v); }

    function render(value) {
      const box = document.createElement("div");
      if (!value || value.form === "void") return box;
      if (value.form === "table") {
        const t = document.createElement("table");
        const head = t.createTHead().insertRow();
        for (const c of value.columns) {
          const th = document.createElement("th");
          th.textContent = c.name;
          th.title = c.type;
          head.appendChild(th);
        }
        const body = t.createTBody();
        for (const row of value.rows) {
          const tr = body.insertRow();
          row.forEach((v) => { const td = tr.insertCell(); td.textContent = cell(v); if (typeof v === "number") td.className = "num"; });
        }
        box.appendChild(t);
        if (value.rowCount > value.rows.length) {
          const p = document.createElement("p");
          p.textContent = `${value.rows.length} of ${value.rowCount} rows`;
          box.appendChild(p);
        }
      } else if (value.form === "vector") {
        box.textContent = "[" + value.values.map(cell).join(", ") + "]" + (value.count > value.values.length ? " ..." : "");
      } else if (value.form === "scalar") {
        box.textContent = cell(value.value);
      } else {
        const pre = document.createElement("pre");
        pre.textContent = value.text;
        box.appendChild(pre);
      }
      return box;
    }

    async function refresh(path, target) {
      const r = await api("GET", path);
      if (r.status === 401) return showLogin();
      $(target).replaceChildren(r.status === 200 ? render(r.data) : document.createTextNode(r.data.error || ""));
    }

    async function run() {
      $("run").disabled = true;
      const r = await api("POST", "/api/run", { script: $("script").value });
      $("run").disabled = false;
      if (r.status === 401) return showLogin();
      $("output").textContent = r.data.output || "";
      $("error").textContent = r.data.error || r.data.warnings || "";
      $("value").replaceChildren(render(r.data.value));
    }

    function showLogin() {
      csrf = "";
      $("app").hidden = true;
      $("logout").hidden = true;
      $("who").textContent = "";
      $("login").hidden = false;
      $("user").focus();
    }

    function showApp(session) {
      csrf = session.csrf;
      $("login").hidden = true;
      $("app").hidden = false;
      $("logout").hidden = false;
      $("who").textContent = `${session.user} on ${session.node}`;
      refresh("/api/cluster", "nodes");
    }

    document.addEventListener("DOMContentLoaded", async () => {
      $("login").addEventListener("submit", async (e) => {
        e.preventDefault();
        const r = await api("POST", "/api/login", { user: $("user").value, password: $("password").value });
        $("password").value = "";
        if (r.status !== 200) { $("login-error").textContent = r.data.error || "login failed"; return; }
        $("login-error").textContent = "";
        showApp(r.data);
      });
      $("logout").addEventListener("click", async () => { await api("POST", "/api/logout"); showLogin(); });
      $("run").addEventListener("click", run);
      $("script").addEventListener("keydown", (e) => { if (e.key === "Enter" && e.ctrlKey) { e.preventDefault(); run(); } });
      for (const b of document.querySelectorAll("nav button")) {
        b.addEventListener("click", () => {
          for (const o of document.querySelectorAll("nav button")) o.classList.toggle("active", o === b);
          for (const s of ["cluster", "editor", "jobs"]) $(s).hidden = s !== b.dataset.tab;
          if (b.dataset.tab === "jobs") refresh("/api/jobs", "joblist");
          if (b.dataset.tab === "cluster") refresh("/api/cluster", "nodes");
        });
      }
      setInterval(() => { if (!$("app").hidden && !$("cluster").hidden) refresh("/api/cluster", "nodes"); }, 3000);
      const r = await api("GET", "/api/session");
      if (r.status === 200 && r.data.user) showApp(r.data); else showLogin();
    });
    """#

  static let icon = """
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#12355b"/>\
    <text x="16" y="22" font-size="18" font-family="sans-serif" text-anchor="middle" fill="#fff">P</text></svg>
    """

  static let style = """
    body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1c2430; background: #f6f7f9; }
    header { display: flex; gap: 1em; align-items: center; padding: .5em 1em; background: #12355b; color: #fff; }
    header h1 { font-size: 1.2em; margin: 0; }
    header #logout { margin-left: auto; }
    main { padding: 1em; }
    form#login { display: grid; gap: .6em; max-width: 20em; }
    nav { display: flex; gap: .3em; margin-bottom: 1em; }
    nav button.active { background: #12355b; color: #fff; }
    button { font: inherit; padding: .3em .8em; border: 1px solid #8895a7; border-radius: 4px; background: #fff; cursor: pointer; }
    button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 2px solid #2f7de1; }
    textarea { width: 100%; min-height: 10em; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; }
    table { border-collapse: collapse; background: #fff; font-size: 13px; }
    th, td { border: 1px solid #d3d9e2; padding: .2em .5em; text-align: left; white-space: nowrap; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    pre { white-space: pre-wrap; }
    .error { color: #b00020; }
    """
}
