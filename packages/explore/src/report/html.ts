/**
 * The report: one self-contained HTML file (the chart library inlined, the figures embedded as JSON; nothing
 * is fetched when it is viewed). Charts: violation rate per strategy and scenario, seeds to the first
 * violation, and rendezvous and emulated cycles per probe change against the number of CPUs (kernel policy
 * vs auto); then a table of the raw figures.
 */
import type { Combination, ExploreResults } from '../results.js';

export interface ReportOptions {
  /** The chart library's browser build (Chart.js 4 UMD: defines `Chart`), inlined into the page. */
  readonly chartLibrary: string;
  /** Page title (default: "armprobe explore"). */
  readonly title?: string;
}

/** The data behind the charts, computed here so the page only draws. */
export interface ReportData {
  readonly scenarios: string[];
  readonly strategies: string[];
  readonly cpus: number[];
  /** [strategy][scenario]: seeds with a violation / seeds run, over every CPU count (null: none ran). */
  readonly violationRate: (number | null)[][];
  /** [strategy][scenario]: seeds run up to and including the first with a violation (null: none found). */
  readonly seedsToFirst: (number | null)[][];
  /** One line per (scenario, strategy ∈ kernel/auto): per CPU count, rendezvous and cycles per change. */
  readonly scaling: { scenario: string; strategy: string; rendezvous: (number | null)[]; cycles: (number | null)[] }[];
}

const SCALING_STRATEGIES = ['kernel', 'auto'];

export function reportData(results: ExploreResults): ReportData {
  const scenarios = [...new Set(results.combinations.map((c) => c.scenario))];
  const strategies = [...new Set(results.combinations.map((c) => c.strategy))] as string[];
  const cpus = [...new Set(results.combinations.map((c) => c.cpus))].sort((a, b) => a - b);
  const of = (scenario: string, strategy: string): Combination[] =>
    results.combinations.filter((c) => c.scenario === scenario && c.strategy === strategy);
  const from = results.space.seeds.from;
  const violationRate = strategies.map((st) =>
    scenarios.map((sc) => {
      const cs = of(sc, st);
      const seeds = cs.reduce((n, c) => n + c.seeds, 0);
      return seeds === 0 ? null : cs.reduce((n, c) => n + c.seedsWithViolations, 0) / seeds;
    }),
  );
  const seedsToFirst = strategies.map((st) =>
    scenarios.map((sc) => {
      const firsts = of(sc, st)
        .map((c) => c.firstViolationSeed)
        .filter((s): s is number => s !== null);
      return firsts.length === 0 ? null : Math.min(...firsts) - from + 1;
    }),
  );
  const scaling: ReportData['scaling'] = [];
  for (const sc of scenarios) {
    for (const st of SCALING_STRATEGIES) {
      const cs = of(sc, st);
      if (cs.length === 0) continue;
      const at = (n: number) => cs.find((c) => c.cpus === n);
      scaling.push({
        scenario: sc,
        strategy: st,
        rendezvous: cpus.map((n) => {
          const c = at(n);
          return c && c.changes > 0 ? c.rendezvous / c.changes : null;
        }),
        cycles: cpus.map((n) => {
          const c = at(n);
          return c && c.changes > 0 ? c.cycles / c.changes : null;
        }),
      });
    }
  }
  return { scenarios, strategies, cpus, violationRate, seedsToFirst, scaling };
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

function table(results: ExploreResults): string {
  const head = [
    'scenario',
    'strategy',
    'CPUs',
    'seeds',
    'violations',
    'by kind',
    'seeds with violations',
    'first violation seed',
    'rendezvous',
    'cycles',
    'rendezvous cycles',
    'changes',
    'cycles / change',
    'host s',
  ];
  const rows = results.combinations.map((c) => {
    const kinds = Object.entries(c.violationsByKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const cells = [
      c.scenario,
      c.strategy,
      c.cpus,
      c.seeds,
      c.violations,
      kinds,
      c.seedsWithViolations,
      c.firstViolationSeed ?? '—',
      c.rendezvous,
      c.cycles,
      c.rendezvousCycles,
      c.changes,
      c.changes > 0 ? (c.cycles / c.changes).toFixed(1) : '—',
      c.hostSeconds.toFixed(2),
    ];
    return `<tr>${cells.map((x) => `<td>${escapeHtml(String(x))}</td>`).join('')}</tr>`;
  });
  return `<table id="raw"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The chart code that runs in the page: reads `DATA`, draws four charts with the inlined library. */
const PAGE_SCRIPT = `
const data = JSON.parse(document.getElementById('data').textContent);
const colours = { direct: '#d62728', 'stop-one': '#ff7f0e', 'stop-all': '#2ca02c', auto: '#1f77b4', kernel: '#9467bd' };
const dash = { kernel: [6, 4], auto: [] };
const scenarioColours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2'];
Chart.defaults.animation = false;
Chart.defaults.responsive = false;
const charts = {};
function bars(id, values, yTitle) {
  charts[id] = new Chart(document.getElementById(id), {
    type: 'bar',
    data: { labels: data.scenarios, datasets: data.strategies.map((s, i) => ({ label: s, data: values[i], backgroundColor: colours[s] })) },
    options: { scales: { y: { title: { display: true, text: yTitle }, beginAtZero: true } } },
  });
}
function lines(id, key, yTitle) {
  charts[id] = new Chart(document.getElementById(id), {
    type: 'line',
    data: {
      labels: data.cpus,
      datasets: data.scaling.map((l) => ({
        label: l.scenario + ' · ' + l.strategy,
        data: l[key],
        borderColor: scenarioColours[data.scenarios.indexOf(l.scenario) % scenarioColours.length],
        backgroundColor: scenarioColours[data.scenarios.indexOf(l.scenario) % scenarioColours.length],
        borderDash: dash[l.strategy] ?? [],
        spanGaps: true,
      })),
    },
    options: { scales: { x: { title: { display: true, text: 'CPUs' } }, y: { beginAtZero: true, title: { display: true, text: yTitle } } } },
  });
}
bars('violation-rate', data.violationRate, 'seeds with a violation / seeds');
bars('seeds-to-first', data.seedsToFirst, 'seeds to the first violation');
lines('rendezvous-per-change', 'rendezvous', 'rendezvous per probe change');
lines('cycles-per-change', 'cycles', 'emulated cycles per probe change');
window.exploreCharts = charts;
`;

/** The report page for these results. */
export function renderReport(results: ExploreResults, options: ReportOptions): string {
  const title = options.title ?? 'armprobe explore';
  const data = reportData(results);
  const { from, to } = results.space.seeds;
  const status = results.interrupted
    ? 'interrupted: partial results (what finished)'
    : results.complete
      ? 'complete'
      : `shards ${results.shards.indices.join(', ')} of ${results.shards.count}`;
  const unavailable = results.unavailable.length
    ? `<h2>Unavailable scenarios</h2><ul>${results.unavailable
        .map((u) => `<li><b>${escapeHtml(u.scenario)}</b>: ${escapeHtml(u.reason)}</li>`)
        .join('')}</ul>`
    : '';
  const canvas = (id: string, heading: string, text: string) =>
    `<section><h2>${heading}</h2><p>${text}</p><canvas id="${id}" width="560" height="320"></canvas></section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #222; max-width: 1200px;  }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
table { border-collapse: collapse; font-size: 12px; } td, th { border: 1px solid #ccc; padding: 3px 6px; text-align: right; }
td:nth-child(-n+3), th { text-align: left; } tr:nth-child(even) { background: #f6f6f6; }
.charts { display: grid; grid-template-columns: repeat(2, 570px); gap: 8px 24px; }
.charts p { color: #555; margin: 4px 0 8px; min-height: 2.9em; }
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>Seeds ${from}..${to} · scenarios ${escapeHtml(data.scenarios.join(', ') || '(none)')} · strategies ${escapeHtml(
    data.strategies.join(', ') || '(none)',
  )} · CPUs ${data.cpus.join(', ') || '(none)'} · ${escapeHtml(status)}</p>
${unavailable}
<div class="charts">
${canvas('violation-rate', 'Violation rate per strategy and scenario', 'Share of seeds in which the hazard showed (any violation kind), over every CPU count.')}
${canvas('seeds-to-first', 'Seeds to the first violation', 'How many seeds ran up to the first that showed the hazard (none: the strategy never failed).')}
${canvas('rendezvous-per-change', 'Rendezvous per probe change against CPUs', 'kernel (dashed) vs auto: stop_machine calls per instruction changed.')}
${canvas('cycles-per-change', 'Emulated cost per probe change against CPUs', 'kernel (dashed) vs auto: emulated cycles (all CPUs) spent in rendezvous, sync IPIs and cache maintenance per instruction changed.')}
</div>
<h2>Raw figures</h2>
${table(results)}
<script id="data" type="application/json">${scriptJson(data)}</script>
<script>${options.chartLibrary.replace(/<\/script/gi, '<\\/script')}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
