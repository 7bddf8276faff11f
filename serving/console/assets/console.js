/*
 * The campaign console: plain JavaScript, no build step, no library. Everything it shows comes from
 * the API with the key the user typed (kept in sessionStorage, sent as X-API-Key); nothing is put
 * into the page as HTML (textContent only), and the chart is SVG drawn here, so the page runs under
 * a Content-Security-Policy without inline script, inline style or eval.
 *
 * Calls: GET /v1/products?onSale=today, POST /v1/campaigns:preview, POST /v1/campaigns:export,
 * GET /v1/campaigns, GET /v1/campaigns/{auditId}/results; each needs the campaigns:export scope.
 */
(() => {
  'use strict';

  const KEY_STORAGE = 'wealthrec.console.apiKey';
  const SCOPE = 'campaigns:export';
  const SVG = 'http://www.w3.org/2000/svg';
  const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  /** Expected buyers with as many decimals as their size needs: 0.23 of a small list, 1,234 of a big one. */
  const buyersFormat = (max) => new Intl.NumberFormat('en-US', { maximumFractionDigits: max >= 100 ? 0 : max >= 10 ? 1 : max >= 1 ? 2 : 3 });
  const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

  const $ = (id) => document.getElementById(id);
  const els = {
    message: $('message'),
    keyPrompt: $('key-prompt'),
    keyForm: $('key-form'),
    keyInput: $('key-input'),
    forgetKey: $('forget-key'),
    console: $('console'),
    servingDay: $('serving-day'),
    product: $('product'),
    channel: $('channel'),
    capDays: $('cap-days'),
    productFacts: $('product-facts'),
    previewStatus: $('preview-status'),
    chart: $('chart'),
    point80Text: $('point80-text'),
    exclusions: document.querySelector('#exclusions tbody'),
    exportForm: $('export-form'),
    exportButton: $('export-button'),
    top: $('top'),
    exportResult: $('export-result'),
    download: $('download'),
    refreshLists: $('refresh-lists'),
    listsStatus: $('lists-status'),
    lists: document.querySelector('#lists tbody'),
    listResults: $('list-results'),
  };

  /** The products on sale, by id, as GET /v1/products answered. */
  let products = new Map();
  let downloadUrl = null;

  // ---- the key --------------------------------------------------------------------------------

  const storedKey = () => sessionStorage.getItem(KEY_STORAGE);

  function showKeyPrompt(text, kind) {
    els.console.hidden = true;
    els.keyPrompt.hidden = false;
    els.forgetKey.hidden = true;
    if (text) say(text, kind);
    els.keyInput.focus();
  }

  function forgetKey(text, kind) {
    sessionStorage.removeItem(KEY_STORAGE);
    clearData();
    showKeyPrompt(text, kind);
  }

  /** Nothing read with the previous key stays on the page. */
  function clearData() {
    products = new Map();
    els.product.replaceChildren();
    els.productFacts.replaceChildren();
    els.chart.replaceChildren();
    els.exclusions.replaceChildren();
    els.point80Text.textContent = '';
    els.previewStatus.textContent = '';
    els.exportResult.replaceChildren();
    els.lists.replaceChildren();
    els.listResults.replaceChildren();
    els.listsStatus.textContent = '';
    els.servingDay.textContent = '';
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = null;
    els.download.hidden = true;
    els.download.removeAttribute('href');
  }

  function say(text, kind) {
    els.message.textContent = text;
    els.message.className = kind === 'info' ? 'info' : '';
    els.message.hidden = !text;
  }

  // ---- the API --------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /** A call with the key; an error answer becomes an ApiError with the API's code and message. */
  async function api(method, path, body) {
    const key = storedKey();
    if (!key) throw new ApiError(401, 'unauthorized', 'no API key');
    const headers = { 'X-API-Key': key };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    if (res.ok) return res;
    let code = 'error';
    let message = `${res.status} ${res.statusText}`;
    try {
      const answer = await res.json();
      if (answer?.error) ({ code, message } = answer.error);
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, code, message);
  }

  /** What the user reads for an error: a key problem sends them back to the key prompt. */
  function explain(err, doing) {
    if (err instanceof ApiError && err.status === 401) {
      forgetKey('The server did not accept this API key. Enter a valid key.');
      return;
    }
    if (err instanceof ApiError && err.status === 403) {
      forgetKey(`This API key does not hold the ${SCOPE} scope the console needs: ask for a key with it, or enter another.`);
      return;
    }
    say(`Could not ${doing}: ${err instanceof Error ? err.message : String(err)}`);
  }

  /**
   * The server scores one preview or export per key at a time (409 busy otherwise): the page sends
   * them one after another, and a preview superseded while it waited is not sent at all.
   */
  let queue = Promise.resolve();
  function inTurn(work) {
    const turn = queue.then(work, work);
    queue = turn.catch(() => undefined);
    return turn;
  }

  // ---- products -------------------------------------------------------------------------------

  async function start() {
    clearData();
    let answer;
    try {
      answer = await (await api('GET', '/v1/products?onSale=today')).json();
    } catch (err) {
      explain(err, 'list the products on sale');
      return;
    }
    els.keyPrompt.hidden = true;
    els.console.hidden = false;
    els.forgetKey.hidden = false;
    say('');
    els.servingDay.textContent = `Products on sale on ${answer.day}, the bank day the server answers for.`;
    products = new Map(answer.products.map((p) => [p.productId, p]));
    for (const p of answer.products) {
      const option = document.createElement('option');
      option.value = p.productId;
      option.textContent = `${p.productId} · ${p.name}`;
      els.product.append(option);
    }
    if (answer.products.length === 0) {
      els.previewStatus.textContent = 'No product is on sale today.';
    } else {
      void preview();
    }
    void loadLists();
  }

  function showFacts(p) {
    const facts = [
      ['Name', p.name],
      ['Category', p.category ?? '—'],
      ['Risk level', `R${p.riskLevel}`],
      ['Term', p.termDays === 0 ? 'open-ended' : `${integer.format(p.termDays)} days`],
      ['Expected yield', p.expectedYield === null ? 'not published' : `${p.expectedYield}%`],
      ['Minimum', `¥${p.minAmount}`],
    ];
    els.productFacts.replaceChildren(
      ...facts.flatMap(([term, value]) => {
        const dt = document.createElement('dt');
        dt.textContent = term;
        const dd = document.createElement('dd');
        dd.textContent = value;
        return [dt, dd];
      }),
    );
  }

  // ---- the preview ----------------------------------------------------------------------------

  let previewSeq = 0;

  function audience() {
    const capDays = Number(els.capDays.value);
    return { productId: els.product.value, channel: els.channel.value, capDays: Number.isInteger(capDays) ? capDays : 7 };
  }

  async function preview() {
    const seq = ++previewSeq;
    const request = audience();
    const product = products.get(request.productId);
    if (!product) return;
    showFacts(product);
    els.previewStatus.textContent = `Scoring ${request.productId} for every customer…`;
    els.chart.setAttribute('aria-busy', 'true');
    try {
      const answer = await inTurn(async () => {
        if (seq !== previewSeq) return null; // superseded while waiting for its turn
        return (await api('POST', '/v1/campaigns:preview', request)).json();
      });
      if (answer === null || seq !== previewSeq) return;
      els.previewStatus.textContent = `As of the snapshot of ${answer.asOf}: ${integer.format(answer.candidates)} candidates of ${integer.format(answer.customers)} customers.`;
      drawCurve(answer);
      showExclusions(answer);
    } catch (err) {
      if (seq !== previewSeq) return;
      els.chart.replaceChildren();
      els.exclusions.replaceChildren();
      els.point80Text.textContent = '';
      els.previewStatus.textContent = '';
      explain(err, `preview ${request.productId}`);
    } finally {
      if (seq === previewSeq) els.chart.removeAttribute('aria-busy');
    }
  }

  function svg(name, attributes, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** Expected buyers (y) against list size (x), with the 80% point marked. */
  function drawCurve(p) {
    const width = 680;
    const height = 340;
    const m = { left: 64, right: 24, top: 20, bottom: 48 };
    const plotW = width - m.left - m.right;
    const plotH = height - m.top - m.bottom;
    const last = p.curve[p.curve.length - 1];
    const maxX = Math.max(last.rows, 1);
    const maxY = last.expectedBuyers > 0 ? last.expectedBuyers : 1;
    const buyers = buyersFormat(maxY);
    const x = (rows) => m.left + (rows / maxX) * plotW;
    const y = (buyers) => m.top + plotH - (buyers / maxY) * plotH;

    const root = svg('svg', {
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: 'img',
      'data-chart': 'expected-buyers',
      'aria-label': `Expected buyers against list size for ${p.productId} on ${p.channel}`,
    });
    root.append(svg('title', {}, `Expected buyers against list size: ${p.productId}, ${p.channel}`));

    const axes = svg('g', { class: 'axis' });
    for (let i = 0; i <= 4; i++) {
      const rows = (maxX * i) / 4;
      const level = (maxY * i) / 4;
      axes.append(svg('line', { class: 'grid', x1: m.left, x2: m.left + plotW, y1: y(level), y2: y(level) }));
      axes.append(svg('text', { x: m.left - 8, y: y(level) + 4, 'text-anchor': 'end' }, buyers.format(level)));
      axes.append(svg('line', { x1: x(rows), x2: x(rows), y1: m.top + plotH, y2: m.top + plotH + 5 }));
      axes.append(svg('text', { x: x(rows), y: m.top + plotH + 18, 'text-anchor': 'middle' }, integer.format(Math.round(rows))));
    }
    axes.append(svg('line', { x1: m.left, x2: m.left + plotW, y1: m.top + plotH, y2: m.top + plotH }));
    axes.append(svg('line', { x1: m.left, x2: m.left, y1: m.top, y2: m.top + plotH }));
    axes.append(svg('text', { x: m.left + plotW / 2, y: height - 8, 'text-anchor': 'middle' }, 'list size (customers, best first)'));
    axes.append(svg('text', { x: 14, y: m.top + plotH / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${m.top + plotH / 2})` }, 'expected buyers'));
    root.append(axes);

    const d = p.curve.map((pt, i) => `${i === 0 ? 'M' : 'L'}${x(pt.rows).toFixed(2)},${y(pt.expectedBuyers).toFixed(2)}`).join(' ');
    root.append(svg('path', { class: 'curve', d, 'data-points': p.curve.length, 'aria-label': 'expected buyers' }));

    const p80 = p.point80;
    if (p80.rows > 0) {
      const px = x(p80.rows);
      const py = y(p80.expectedBuyers);
      const marker = svg('g', { class: 'point80-marker', 'data-rows': p80.rows });
      marker.append(svg('line', { class: 'point80-guide', x1: px, x2: px, y1: m.top + plotH, y2: py }));
      marker.append(svg('line', { class: 'point80-guide', x1: m.left, x2: px, y1: py, y2: py }));
      marker.append(svg('circle', { class: 'point80', cx: px, cy: py, r: 5 }));
      const right = px < m.left + plotW * 0.7;
      marker.append(
        svg(
          'text',
          { class: 'point80-label', x: right ? px + 8 : px - 8, y: py + 16, 'text-anchor': right ? 'start' : 'end' },
          `80% of buyers: ${integer.format(p80.rows)} customers`,
        ),
      );
      root.append(marker);
    }
    els.chart.replaceChildren(root);
    els.point80Text.textContent =
      p80.rows > 0
        ? `80% of the ${buyers.format(last.expectedBuyers)} expected buyers are reached by the best ${integer.format(p80.rows)} customers (${percent.format(p80.fraction)} of the candidates), who are expected to bring ${buyers.format(p80.expectedBuyers)} buyers.`
        : 'No buyer is expected among the candidates: there is no list to export.';
  }

  function row(cells, className) {
    const tr = document.createElement('tr');
    if (className) tr.className = className;
    for (const cell of cells) {
      const td = document.createElement('td');
      if (cell instanceof Node) td.append(cell);
      else td.textContent = cell;
      if (typeof cell === 'string' && /^[\d,.%—-]+$/.test(cell)) td.className = 'number';
      tr.append(td);
    }
    return tr;
  }

  function showExclusions(p) {
    const e = p.excluded;
    els.exclusions.replaceChildren(
      row(['In the snapshot', integer.format(p.customers)]),
      row(['− the product is not for them (risk level, audience) or closed since', integer.format(e.notEligible)]),
      row(['− already hold it', integer.format(e.alreadyBought)]),
      row([`− opted out of ${p.channel} or of all marketing`, integer.format(e.optedOut)]),
      row([`− contacted within the last ${p.capDays} days`, integer.format(e.contactedRecently)]),
      row(['Candidates', integer.format(p.candidates)], 'total'),
    );
  }

  // ---- the export -----------------------------------------------------------------------------

  async function sha256Hex(bytes) {
    // crypto.subtle exists only in a secure context (https, or localhost): elsewhere the check is skipped, and said so.
    if (!globalThis.crypto?.subtle) return null;
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  async function exportList(event) {
    event.preventDefault();
    const size = new FormData(els.exportForm).get('size');
    const body = { ...audience() };
    if (size === 'top') {
      const top = Number(els.top.value);
      if (!Number.isInteger(top) || top < 1) {
        say('The list size must be a whole number of customers, at least 1.');
        return;
      }
      body.top = top;
    } else {
      body.coverage = 0.8;
    }
    els.exportButton.disabled = true;
    els.exportResult.textContent = `Exporting the list of ${body.productId} for ${body.channel}…`;
    els.download.hidden = true;
    try {
      const res = await inTurn(() => api('POST', '/v1/campaigns:export', body));
      const bytes = await res.arrayBuffer();
      const auditId = res.headers.get('X-Audit-Id');
      const announced = res.headers.get('X-Content-Sha256');
      const summary = JSON.parse(res.headers.get('X-Campaign-Summary') ?? '{}');
      const computed = await sha256Hex(bytes);
      if (computed !== null && computed !== announced) throw new Error(`the list arrived damaged: its sha256 ${computed} is not the server's ${announced}`);
      if (downloadUrl) URL.revokeObjectURL(downloadUrl);
      // The bytes as the API sent them, unchanged: the download is the API's list.
      downloadUrl = URL.createObjectURL(new Blob([bytes], { type: 'text/csv' }));
      els.download.href = downloadUrl;
      els.download.download = `${body.productId}-${body.channel}-audit-${auditId}.csv`;
      els.download.dataset.auditId = auditId;
      els.download.hidden = false;
      const sha = document.createElement('span');
      sha.className = 'sha';
      sha.textContent = announced;
      els.exportResult.replaceChildren(
        `Exported ${integer.format(summary.rows ?? 0)} customers of ${integer.format(summary.candidates ?? 0)} candidates. Audit id `,
        Object.assign(document.createElement('strong'), { id: 'audit-id', textContent: auditId }),
        `; sha256 ${computed === null ? '(not checked: this page is not in a secure context)' : '(checked)'} `,
        sha,
        '.',
      );
      say('');
      void loadLists();
    } catch (err) {
      els.exportResult.textContent = '';
      explain(err, 'export the list');
    } finally {
      els.exportButton.disabled = false;
    }
  }

  // ---- past lists -----------------------------------------------------------------------------

  /** An ISO instant to the minute, in UTC as recorded. */
  function exportedAtText(iso) {
    return typeof iso === 'string' && iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : String(iso);
  }

  function sentText(sent) {
    return sent ? `${sent.day}: ${integer.format(sent.messages)} messages` : 'not recorded';
  }

  function resultsText(results) {
    if (!results) return '—';
    if (!results.closed) return `window closes on ${results.closesOn}`;
    const buyers = results.buyers === undefined || results.buyers === null ? '?' : integer.format(results.buyers);
    return `${buyers} bought, ${buyersFormat(results.expectedBuyers).format(results.expectedBuyers)} expected`;
  }

  async function loadLists() {
    els.listsStatus.textContent = 'Reading the past lists…';
    try {
      const answer = await (await api('GET', '/v1/campaigns')).json();
      const lists = Array.isArray(answer.lists) ? answer.lists : [];
      els.lists.replaceChildren(
        ...lists.map((l) => {
          const button = document.createElement('button');
          button.type = 'button';
          button.textContent = 'Results';
          button.disabled = !l.results?.closed;
          button.title = l.results?.closed ? 'buyers against expected buyers, by decile' : 'the results window has not closed yet';
          button.addEventListener('click', () => void showResults(l.auditId));
          const tr = row([
            String(l.auditId),
            exportedAtText(l.exportedAt),
            l.productId,
            l.channel,
            integer.format(l.rows),
            buyersFormat(l.expectedBuyers).format(l.expectedBuyers),
            sentText(l.sent),
            resultsText(l.results),
            button,
          ]);
          tr.dataset.auditId = String(l.auditId);
          return tr;
        }),
      );
      els.listsStatus.textContent =
        lists.length === 0 ? 'No list has been exported yet.' : `${integer.format(lists.length)} list${lists.length === 1 ? '' : 's'}, newest first.`;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        explain(err, 'read the past lists');
        return;
      }
      els.listsStatus.textContent = `Past lists are not available: ${err.message}`;
    }
  }

  /** A list's results: buyers against expected buyers per tenth of the list and in total, and its gain curve. */
  async function showResults(auditId) {
    els.listResults.replaceChildren();
    let r;
    try {
      r = await (await api('GET', `/v1/campaigns/${encodeURIComponent(auditId)}/results`)).json();
    } catch (err) {
      explain(err, `read the results of list ${auditId}`);
      return;
    }
    const heading = document.createElement('h3');
    heading.textContent = `Results of list ${r.auditId}: ${r.productId} on ${r.channel}`;
    const windowText = document.createElement('p');
    windowText.className = 'note';
    windowText.textContent = `Sent on ${r.sentDay}; purchases counted from ${r.windowFrom} to ${r.windowTo} (${r.windowDays} days). Expected buyers are the sums of the scores as sent.`;
    const table = document.createElement('table');
    table.id = 'results-table';
    const head = document.createElement('tr');
    for (const title of ['Tenth of the list', 'Messages', 'Buyers', 'Expected buyers', 'Buyers / expected']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = title;
      head.append(th);
    }
    const thead = document.createElement('thead');
    thead.append(head);
    const tbody = document.createElement('tbody');
    const tallyRow = (label, t, className) =>
      row(
        [
          label,
          integer.format(t.messages),
          integer.format(t.buyers),
          buyersFormat(t.expectedBuyers).format(t.expectedBuyers),
          t.ratio === null ? '—' : t.ratio.toFixed(2),
        ],
        className,
      );
    for (const d of r.deciles ?? []) tbody.append(tallyRow(String(d.decile), d));
    if (r.total) tbody.append(tallyRow('All', r.total, 'total'));
    table.append(thead, tbody);
    els.listResults.append(heading, windowText, table);
    if (Array.isArray(r.gainCurve) && r.gainCurve.some((g) => g.buyersShare !== null)) els.listResults.append(drawGain(r));
  }

  /** The share of the list's buyers reached against the share of the list sent, beside a list in random order (the diagonal). */
  function drawGain(r) {
    const size = 300;
    const m = { left: 48, right: 16, top: 16, bottom: 40 };
    const plot = size - m.left - m.right;
    const x = (share) => m.left + share * plot;
    const y = (share) => m.top + plot - share * plot;
    const root = svg('svg', {
      viewBox: `0 0 ${size} ${size + m.top}`,
      width: size,
      height: size + m.top,
      role: 'img',
      'data-chart': 'gain',
      'aria-label': `Gain curve of list ${r.auditId}`,
    });
    const axes = svg('g', { class: 'axis' });
    for (let i = 0; i <= 4; i++) {
      axes.append(svg('line', { class: 'grid', x1: m.left, x2: m.left + plot, y1: y(i / 4), y2: y(i / 4) }));
      axes.append(svg('text', { x: m.left - 6, y: y(i / 4) + 4, 'text-anchor': 'end' }, percent.format(i / 4)));
      axes.append(svg('text', { x: x(i / 4), y: m.top + plot + 16, 'text-anchor': 'middle' }, percent.format(i / 4)));
    }
    axes.append(svg('line', { class: 'grid', x1: x(0), y1: y(0), x2: x(1), y2: y(1) }));
    axes.append(svg('text', { x: m.left + plot / 2, y: m.top + plot + 34, 'text-anchor': 'middle' }, 'share of the list sent'));
    root.append(axes);
    const points = [{ listShare: 0, buyersShare: 0 }, ...r.gainCurve.filter((g) => g.buyersShare !== null)];
    const d = points.map((g, i) => `${i === 0 ? 'M' : 'L'}${x(g.listShare).toFixed(2)},${y(g.buyersShare).toFixed(2)}`).join(' ');
    root.append(svg('path', { class: 'curve', d, 'data-points': points.length, 'aria-label': 'share of the buyers reached' }));
    return root;
  }

  // ---- wiring ---------------------------------------------------------------------------------

  els.keyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = els.keyInput.value.trim();
    if (!key) return;
    sessionStorage.setItem(KEY_STORAGE, key);
    els.keyInput.value = '';
    say('');
    void start();
  });
  els.forgetKey.addEventListener('click', () => forgetKey('The key is forgotten.', 'info'));
  els.product.addEventListener('change', () => void preview());
  els.channel.addEventListener('change', () => void preview());
  els.capDays.addEventListener('change', () => void preview());
  els.exportForm.addEventListener('submit', (event) => void exportList(event));
  els.refreshLists.addEventListener('click', () => void loadLists());

  if (storedKey()) void start();
  else showKeyPrompt();
})();
