extension WebAssets {
  /// The page's behaviour: log in and out, the cluster's nodes (polled every 3 s, with start and
  /// stop for administrators and a chart of each node's memory and CPU over the last minutes),
  /// the script editor and the recent jobs.
  static let script = #"""
    "use strict";
    let csrf = "";
    let admin = false;
    let node = "";
    const history = new Map();
    const keep = 60;
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

    function element(tag, text, className) {
      const e = document.createElement(tag);
      if (text !== undefined) e.textContent = text;
      if (className) e.className = className;
      return e;
    }

    function render(value) {
      const box = element("div");
      if (!value || value.form === "void") return box;
      if (value.form === "table") {
        const t = element("table");
        const head = t.createTHead().insertRow();
        for (const c of value.columns) {
          const th = element("th", c.name);
          th.title = c.type;
          head.appendChild(th);
        }
        const body = t.createTBody();
        for (const row of value.rows) {
          const tr = body.insertRow();
          row.forEach((v) => { const td = tr.insertCell(); td.textContent = cell(v); if (typeof v === "number") td.className = "num"; });
        }
        box.appendChild(t);
        if (value.rowCount > value.rows.length) box.appendChild(element("p", `${value.rows.length} of ${value.rowCount} rows`));
      } else if (value.form === "vector") {
        box.textContent = "[" + value.values.map(cell).join(", ") + "]" + (value.count > value.values.length ? " ..." : "");
      } else if (value.form === "scalar") {
        box.textContent = cell(value.value);
      } else {
        box.appendChild(element("pre", value.text));
      }
      return box;
    }

    // A line of the last samples, scaled to its own maximum.
    function sparkline(values, label) {
      const ns = "http://www.w3.org/2000/svg";
      const svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", `0 0 ${keep} 20`);
      svg.setAttribute("class", "spark");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", label);
      const top = Math.max(...values, 1e-9);
      const line = document.createElementNS(ns, "polyline");
      const step = (keep - 1) / Math.max(values.length - 1, 1);
      line.setAttribute("points", values.map((v, i) => `${i * step},${19 - (v / top) * 18}`).join(" "));
      svg.appendChild(line);
      return svg;
    }

    const modes = { 0: "data", 1: "agent", 2: "controller", 3: "single", 4: "compute" };

    function nodes(table) {
      const col = (name) => table.columns.findIndex((c) => c.name === name);
      const at = (row, name) => { const i = col(name); return i < 0 ? null : row[i]; };
      const t = element("table");
      const head = t.createTHead().insertRow();
      for (const h of ["node", "mode", "status", "site", "pid", "uptime", "restarts", "memory MiB", "memory", "CPU %", "CPU", "jobs", "license until", ""]) head.appendChild(element("th", h));
      const body = t.createTBody();
      targets(table.rows.filter((row) => at(row, "state") === 1).map((row) => at(row, "name")));
      for (const row of table.rows) {
        const name = at(row, "name");
        const memory = (at(row, "memoryUsed") || 0) / 1048576;
        const cpu = at(row, "cpuUsage") || 0;
        const past = history.get(name) || { memory: [], cpu: [] };
        past.memory = past.memory.concat([memory]).slice(-keep);
        past.cpu = past.cpu.concat([cpu]).slice(-keep);
        history.set(name, past);
        const tr = body.insertRow();
        tr.dataset.node = name;
        tr.insertCell().textContent = name + (at(row, "isLeader") ? " (leader)" : "");
        tr.insertCell().textContent = modes[at(row, "mode")] || cell(at(row, "mode"));
        const status = tr.insertCell();
        status.textContent = cell(at(row, "status"));
        status.className = "status";
        tr.insertCell().textContent = `${at(row, "host")}:${at(row, "port")}`;
        tr.insertCell().textContent = cell(at(row, "pid"));
        tr.insertCell().textContent = at(row, "uptime") === null ? "" : `${at(row, "uptime")} s`;
        tr.insertCell().textContent = cell(at(row, "restarts"));
        tr.insertCell().textContent = memory ? memory.toFixed(1) : "";
        tr.insertCell().appendChild(sparkline(past.memory, `memory of ${name}`));
        tr.insertCell().textContent = at(row, "cpuUsage") === null ? "" : cpu.toFixed(1);
        tr.insertCell().appendChild(sparkline(past.cpu, `CPU of ${name}`));
        tr.insertCell().textContent = cell(at(row, "runningJobs"));
        tr.insertCell().textContent = licenses.get(name) || "";
        const actions = tr.insertCell();
        const mode = at(row, "mode");
        if (admin && (mode === 0 || mode === 4)) {
          const running = at(row, "state") === 1;
          const b = element("button", running ? "Stop" : "Start");
          b.addEventListener("click", () => control(running ? "stop" : "start", name, b));
          actions.appendChild(b);
          if (running) {
            const again = element("button", "Restart");
            again.addEventListener("click", () => control("restart", name, again));
            actions.appendChild(again);
          }
        }
      }
      return t;
    }

    // The nodes a script can run on: this one, and every other running node.
    function targets(names) {
      for (const select of [$("target"), $("config-node")]) {
        const chosen = select.value;
        const options = [new Option(`this node (${node})`, "")];
        for (const n of names) if (n !== node) options.push(new Option(n, n));
        select.replaceChildren(...options);
        if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
      }
    }

    // Stop, start, or restart (a stop, then a start once it is down), asked first.
    async function control(action, name, button) {
      const verb = { stop: "Stop", start: "Start", restart: "Restart" }[action];
      if (!window.confirm(`${verb} ${name}?`)) return;
      button.disabled = true;
      let r = { data: { ok: true } };
      for (const step of action === "restart" ? ["stop", "start"] : [action]) {
        $("cluster-message").textContent = `${step === "stop" ? "Stopping" : "Starting"} ${name}...`;
        r = await api("POST", `/api/nodes/${step}`, { nodes: [name] });
        if (!r.data.ok) break;
      }
      $("cluster-message").textContent = r.data.ok ? "" : (r.data.error || "failed");
      refreshNodes();
    }

    // Every node's license expiry, asked of the nodes once a minute (each is a call to each node).
    const licenses = new Map();
    let licensesAt = 0;
    async function refreshLicenses() {
      if (Date.now() - licensesAt < 60000) return;
      licensesAt = Date.now();
      const r = await api("GET", "/api/licenses");
      if (r.status !== 200 || r.data.form !== "table") return;
      const n = r.data.columns.findIndex((c) => c.name === "nodeAlias");
      const e = r.data.columns.findIndex((c) => c.name === "endDate");
      for (const row of r.data.rows) licenses.set(row[n], cell(row[e]));
    }

    async function refreshNodes() {
      await refreshLicenses();
      const r = await api("GET", "/api/cluster");
      if (r.status === 401) return showLogin();
      $("nodes").replaceChildren(r.status === 200 ? nodes(r.data) : document.createTextNode(r.data.error || ""));
    }

    async function refresh(path, target) {
      const r = await api("GET", path);
      if (r.status === 401) return showLogin();
      $(target).replaceChildren(r.status === 200 ? render(r.data) : document.createTextNode(r.data.error || ""));
    }

    let who = "";
    let shown = null;

    // The last 30 scripts run, per user, kept in this browser.
    function historyKey() { return `porpoise.history.${who}`; }
    function remembered() { try { return JSON.parse(localStorage.getItem(historyKey()) || "[]"); } catch (e) { return []; } }
    function remember(script) {
      const list = [script].concat(remembered().filter((s) => s !== script)).slice(0, 30);
      localStorage.setItem(historyKey(), JSON.stringify(list));
      fillHistory();
    }
    function fillHistory() {
      const options = [new Option("(recent scripts)", "")];
      for (const s of remembered()) options.push(new Option(s.split("\n")[0].slice(0, 60), s));
      $("history").replaceChildren(...options);
    }

    // A table's rows as the page shows them, with a button for the next page past 1,000.
    function showTable(value) {
      shown = value;
      const box = render(value);
      if (value && value.form === "table" && value.offset + value.rows.length < value.rowCount) {
        const more = element("button", "Next rows");
        more.type = "button";
        more.addEventListener("click", async () => {
          const r = await api("GET", `/api/rows?offset=${value.offset + value.rows.length}`);
          if (r.status === 200) showTable(r.data);
        });
        box.appendChild(more);
      }
      if (value && value.form === "table" && value.offset > 0) box.prepend(element("p", `rows from ${value.offset + 1}`));
      $("value").replaceChildren(box);
      const numeric = value && value.form === "table" ? value.columns.filter((c, i) => value.rows.some((r) => typeof r[i] === "number")) : [];
      $("chart-controls").hidden = numeric.length === 0;
      $("chart-column").replaceChildren(...numeric.map((c) => new Option(c.name, c.name)));
      $("chart").replaceChildren();
    }

    // A line or bar chart of one numeric column of the table shown, in SVG.
    function chart(kind) {
      if (!shown || shown.form !== "table") return;
      const i = shown.columns.findIndex((c) => c.name === $("chart-column").value);
      const values = shown.rows.map((r) => (typeof r[i] === "number" ? r[i] : 0));
      const ns = "http://www.w3.org/2000/svg";
      const svg = document.createElementNS(ns, "svg");
      const width = 600, height = 200;
      svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
      svg.setAttribute("class", "chart " + kind);
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", `${kind} chart of ${$("chart-column").value}`);
      const top = Math.max(...values, 0), low = Math.min(...values, 0);
      const span = top - low || 1;
      const y = (v) => height - 10 - ((v - low) / span) * (height - 20);
      const step = width / Math.max(values.length, 1);
      if (kind === "bar") {
        values.forEach((v, k) => {
          const r = document.createElementNS(ns, "rect");
          r.setAttribute("x", k * step + 1);
          r.setAttribute("width", Math.max(step - 2, 1));
          r.setAttribute("y", Math.min(y(v), y(0)));
          r.setAttribute("height", Math.abs(y(v) - y(0)));
          svg.appendChild(r);
        });
      } else {
        const line = document.createElementNS(ns, "polyline");
        line.setAttribute("points", values.map((v, k) => `${k * step + step / 2},${y(v)}`).join(" "));
        svg.appendChild(line);
      }
      $("chart").replaceChildren(svg);
    }

    // The cluster's tables as buttons; one shows its columns and its partitions' chunks.
    async function tables() {
      const r = await api("GET", "/api/tables");
      if (r.status === 401) return showLogin();
      const list = element("div", undefined, "bar");
      for (const name of (r.data.values || [])) {
        const b = element("button", name);
        b.type = "button";
        b.addEventListener("click", () => schema(name));
        list.appendChild(b);
      }
      if (!(r.data.values || []).length) list.textContent = r.data.error || "no tables";
      $("tables").replaceChildren(list);
    }

    async function schema(name) {
      const r = await api("GET", "/api/schema?table=" + encodeURIComponent(name));
      $("schema-name").textContent = r.status === 200 ? name : (r.data.error || "");
      $("schema-columns").replaceChildren(render(r.data.columns));
      $("schema-partitions").replaceChildren(render(r.data.partitions));
    }

    async function run() {
      const script = $("script").value;
      $("run").disabled = true;
      $("stop").disabled = false;
      remember(script);
      const r = await api("POST", "/api/run", { script, node: $("target").value });
      $("run").disabled = false;
      $("stop").disabled = true;
      if (r.status === 401) return showLogin();
      $("output").textContent = r.data.output || "";
      $("error").textContent = r.data.error || r.data.warnings || "";
      showTable(r.data.value);
    }

    function showLogin() {
      licensesAt = 0;
      csrf = "";
      admin = false;
      $("app").hidden = true;
      $("logout").hidden = true;
      $("who").textContent = "";
      $("login").hidden = false;
      $("user").focus();
    }

    function showApp(session) {
      csrf = session.csrf;
      admin = session.admin === true;
      $("login").hidden = true;
      $("app").hidden = false;
      $("logout").hidden = false;
      $("who").textContent = `${session.user} on ${session.node}`;
      who = session.user;
      node = session.node;
      fillHistory();
      refreshNodes();
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
      $("stop").addEventListener("click", () => api("POST", "/api/stop"));
      $("config-node").addEventListener("change", () =>
        refresh("/api/config?node=" + encodeURIComponent($("config-node").value), "parameters"));
      $("update-licenses").addEventListener("click", async () => {
        if (!window.confirm("Reload the license file on every node?")) return;
        const r = await api("POST", "/api/licenses/update");
        $("license-message").textContent = r.status === 200 ? "" : (r.data.error || "failed");
        $("licenses").replaceChildren(r.status === 200 ? render(r.data) : document.createTextNode(""));
      });
      $("history").addEventListener("change", () => { if ($("history").value) $("script").value = $("history").value; });
      $("chart-line").addEventListener("click", () => chart("line"));
      $("chart-bar").addEventListener("click", () => chart("bar"));
      $("show-job").addEventListener("click", async () => {
        const r = await api("GET", "/api/job?id=" + encodeURIComponent($("cancel-id").value));
        if (r.status === 401) return showLogin();
        $("cancel-message").textContent = r.status === 200 ? (r.data.ended ? "ended" : "not ended yet") : (r.data.error || "");
        $("job-messages").textContent = r.data.messages || "";
        $("job-value").replaceChildren(render(r.data.value));
      });
      $("cancel-form").addEventListener("submit", async (e) => {
        e.preventDefault();
        const r = await api("POST", "/api/jobs/cancel", { ids: [$("cancel-id").value] });
        $("cancel-message").textContent = r.data.ok ? "cancelled" : (r.data.error || "failed");
        refresh("/api/jobs", "joblist");
      });
      $("script").addEventListener("keydown", (e) => { if (e.key === "Enter" && e.ctrlKey) { e.preventDefault(); run(); } });
      for (const b of document.querySelectorAll("nav button")) {
        b.addEventListener("click", () => {
          for (const o of document.querySelectorAll("nav button")) o.classList.toggle("active", o === b);
          for (const s of ["cluster", "editor", "jobs", "databases", "config"]) $(s).hidden = s !== b.dataset.tab;
          if (b.dataset.tab === "cluster") refreshNodes();
          if (b.dataset.tab === "jobs") { refresh("/api/jobs", "joblist"); refresh("/api/scheduled", "scheduled"); }
          if (b.dataset.tab === "databases") { tables(); refresh("/api/chunks", "chunks"); }
          if (b.dataset.tab === "config") {
            $("update-licenses").hidden = !admin;
            refresh("/api/licenses", "licenses");
            refresh("/api/config?node=" + encodeURIComponent($("config-node").value), "parameters");
          }
        });
      }
      setInterval(() => { if (!$("app").hidden && !$("cluster").hidden) refreshNodes(); }, 3000);
      const r = await api("GET", "/api/session");
      if (r.status === 200 && r.data.user) showApp(r.data); else showLogin();
    });
    """#
}
