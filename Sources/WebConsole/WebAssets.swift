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
      <nav><button data-tab="cluster" class="active">Cluster</button><button data-tab="editor">Script</button><button data-tab="jobs">Jobs</button><button data-tab="databases">Databases</button><button data-tab="config">Config</button></nav>
      <section id="cluster"><h2>Nodes</h2><p id="cluster-message" role="status"></p><div id="nodes"></div></section>
      <section id="editor" hidden>
        <textarea id="script" spellcheck="false" aria-label="Script">select * from getClusterPerf(true)</textarea>
        <div class="bar"><label>On <select id="target"><option value="">this node</option></select></label>
          <button id="run">Run (Ctrl-Enter)</button> <button id="stop" disabled>Stop</button>
          <label>History <select id="history"><option value="">(recent scripts)</option></select></label></div>
        <pre id="output"></pre><pre id="error" class="error"></pre><div id="value"></div>
        <div id="chart-controls" class="bar" hidden><label>Chart column <select id="chart-column"></select></label>
          <button id="chart-line" type="button">Line</button> <button id="chart-bar" type="button">Bar</button></div>
        <div id="chart"></div>
      </section>
      <section id="jobs" hidden>
        <h2>Recent jobs</h2>
        <form id="cancel-form"><label>Job id <input id="cancel-id" required></label> <button type="button" id="show-job">Show</button> <button type="submit">Cancel job</button> <span id="cancel-message" role="status"></span></form>
        <div id="job"><pre id="job-messages"></pre><div id="job-value"></div></div>
        <div id="joblist"></div>
        <h2>Scheduled jobs</h2><div id="scheduled"></div>
      </section>
      <section id="databases" hidden><h2>Tables</h2><div id="tables"></div>
        <div id="schema"><h3 id="schema-name"></h3><div id="schema-columns"></div><div id="schema-partitions"></div></div>
        <h2>Chunks</h2><div id="chunks"></div></section>
      <section id="config" hidden><h2>Licenses</h2><div id="licenses"></div>
        <p class="bar"><button id="update-licenses" type="button" hidden>Update licenses on every node</button> <span id="license-message" role="status"></span></p><h2>Parameters</h2>
        <p class="bar"><label>Of <select id="config-node"><option value="">this node</option></select></label></p>
        <div id="parameters"></div></section>
    </div>
    </main>
    </body>
    </html>
    """

  static let icon = """
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#12355b"/>\
    <text x="16" y="22" font-size="18" font-family="sans-serif" text-anchor="middle" fill="#fff">P</text></svg>
    """

}
