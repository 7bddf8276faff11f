/** The report's inline stylesheet: system fonts only, so the page looks the same offline and in a mail attachment. */

export const REPORT_CSS = `
:root { color-scheme: light; --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --head: #f3f4f6; --candidate: #eff6ff; --accent: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'PingFang SC', 'Microsoft YaHei', sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 28px 32px 56px; background: #fff; min-height: 100vh; }
h1 { font-size: 1.7rem; margin: 0 0 2px; }
h2 { font-size: 1.25rem; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1rem; margin: 20px 0 8px; }
figure h3 { margin-top: 0; }
code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--head); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
.subtitle { color: var(--muted); margin: 0 0 18px; }
.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr) max-content minmax(0, 1fr); gap: 6px 18px; margin: 0; padding: 14px 16px; background: #f9fafb; border: 1px solid var(--line); border-radius: 8px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
@media (max-width: 860px) { .facts { grid-template-columns: max-content minmax(0, 1fr); } }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 9px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
thead th { background: var(--head); font-weight: 600; vertical-align: bottom; }
th.group { text-align: center; border-bottom: 1px solid #d1d5db; }
.num { text-align: right; }
.group-start { border-left: 1px solid #d1d5db; }
table.segments { min-width: 720px; }
th.scorer, th.segment { font-weight: 600; }
th.segment { vertical-align: top; background: #fafafa; }
tbody + tbody { border-top: 2px solid #d1d5db; }
tr.candidate td:not(.shared), tr.candidate th.scorer, td.candidate, th.candidate { background: var(--candidate); }
tr.candidate td:not(.shared), tr.candidate th.scorer { font-weight: 600; }
td.shared { vertical-align: top; background: #fafafa; }
tr.candidate th.scorer { box-shadow: inset 3px 0 0 var(--accent); }
tr.best td { background: #f0fdf4; font-weight: 600; }
td.divider, th.divider { width: 14px; padding: 0; border-bottom: none; background: #fff; }
.swatch { display: inline-block; width: 16px; height: 4px; margin: 0 7px 2px 0; vertical-align: middle; border-radius: 2px; }
.kind { display: inline-block; font-size: 12px; font-weight: 500; color: var(--muted); border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; margin-left: 4px; }
.scorers { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 16px; font-size: 14px; margin-top: 14px; }
.scorers dt { font-weight: 600; }
.scorers dd { margin: 0; color: #374151; }
.good { color: #15803d; font-weight: 600; }
.bad { color: #b91c1c; font-weight: 600; }
.hint { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
.callout { background: #fffbeb; border-left: 4px solid #f59e0b; padding: 10px 14px; margin: 0 0 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 20px; }
figure { margin: 0; padding: 14px 16px; border: 1px solid var(--line); border-radius: 8px; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 8px; }
.notes li { margin: 4px 0; }
footer { margin-top: 48px; color: var(--muted); font-size: 12px; }
@media print { body { background: #fff; } main { padding: 0; } figure, table { break-inside: avoid; } }
`;
