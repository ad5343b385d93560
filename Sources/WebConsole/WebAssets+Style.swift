extension WebAssets {
  /// The page's look: plain, readable on a laptop, focus always visible.
  static let style = """
    [hidden] { display: none !important; }
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
    svg.spark { width: 8em; height: 1.4em; vertical-align: middle; }
    svg.chart { width: 100%; max-width: 600px; height: auto; background: #fff; border: 1px solid #d3d9e2; }
    svg.chart polyline { fill: none; stroke: #2f7de1; stroke-width: 2; }
    svg.chart rect { fill: #2f7de1; }
    .bar { margin: .4em 0; display: flex; gap: .5em; align-items: center; flex-wrap: wrap; }
    svg.spark polyline { fill: none; stroke: #2f7de1; stroke-width: 1; }
    """
}
