/**
 * The page's script, as source text inlined into the report. It reads the embedded JSON once,
 * renders the scenarios table a page at a time (100 rows) with a failed-only filter and a search
 * box, and builds a conversation's transcript only when its row is expanded.
 *
 * Everything in the data came from scenario files or the assistant and is untrusted: the script
 * builds nodes with createElement and sets text with textContent, never innerHTML.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var PAGE = 100;
  var data = JSON.parse(document.getElementById('banter-data').textContent);
  var S = data.strings;
  var state = { failedOnly: false, query: '', page: 0, open: Object.create(null) };
  var body = document.getElementById('case-rows');
  var shown = document.getElementById('shown');

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) node.setAttribute(k, attrs[k]);
    (children || []).forEach(function (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function text(tag, cls, value) { var n = el(tag, cls ? { class: cls } : null); n.textContent = value; return n; }

  var haystacks = data.cases.map(function (c) {
    return [c.n, S[c.f], c.s].concat(c.g.map(function (g) { return S[g]; })).join('\n').toLowerCase();
  });
  function matches(i) {
    var c = data.cases[i];
    if (state.failedOnly && c.s !== 'failed' && c.s !== 'errored') return false;
    return state.query === '' || haystacks[i].indexOf(state.query) !== -1;
  }

  // A verdict's state (see data.ts): failed, passed, or errored (the check could not be made, as a judge that gave no grade).
  var VERDICT_STATES = [
    { name: 'failed', mark: '✗', cls: 'bad' },
    { name: 'passed', mark: '✓', cls: 'ok' },
    { name: 'errored', mark: '!', cls: 'err' }
  ];

  // Verdict values are interned JSON text; -1 is absent, -2 is the reply's text (see data.ts).
  function value(ref, turn) {
    if (ref === -1) return '';
    if (ref === -2) return JSON.stringify(turn.r ? turn.r.x : '');
    return S[ref];
  }

  function verdictRows(turn, file) {
    var table = el('table', { class: 'checks' }, [el('tr', null, ['', 'check', 'expected', 'actual', 'code', 'at'].map(function (h) { return text('th', null, h); }))]);
    turn.v.forEach(function (v) {
      var state = VERDICT_STATES[v[1]];
      table.appendChild(el('tr', { 'data-verdict': state.name }, [
        el('td', { class: state.cls, title: state.name }, [state.mark]), text('td', null, S[v[0]]),
        el('td', null, [text('code', null, value(v[3], turn))]), el('td', null, [text('code', null, value(v[4], turn))]),
        text('td', null, S[v[2]]), text('td', null, (v[6] === undefined ? file : S[v[6]]) + ':' + v[5])
      ]));
    });
    return table;
  }

  function feedbackText(fb) {
    var what = 'feedback: satisfaction ' + fb.satisfaction + '/5, ' + (fb.resolved ? 'resolved' : 'not resolved') + (fb.comment ? ', "' + fb.comment + '"' : '');
    if (fb.sent) return what + ' (sent)';
    return what + (fb.error ? ' (not sent: ' + fb.error + ')' : ' (not sent: ' + fb.skipReason + ')');
  }

  function transcript(c) {
    var box = el('div', { class: 'transcript' });
    box.appendChild(text('p', 'meta', 'session ' + c.sid + (c.k ? ' · skipped: ' + c.k : '')));
    c.t.forEach(function (t, i) {
      var file = t.f === undefined ? S[c.f] : S[t.f];
      var turn = el('div', { class: 'turn ' + t.s, 'data-turn': String(i + 1) });
      turn.appendChild(text('div', 'meta', 'turn ' + (i + 1) + ' · ' + t.s + ' · ' + file + ':' + t.l + (t.ms !== undefined ? ' · ' + t.ms + ' ms' : '')));
      turn.appendChild(el('p', { class: 'msg user' }, [text('span', 'who', 'user'), t.u]));
      if (t.r) {
        turn.appendChild(el('p', { class: 'msg reply' }, [text('span', 'who', 'assistant'), t.r.x]));
        var facts = [];
        if (t.r.i !== undefined) facts.push('intent ' + S[t.r.i] + (t.r.c !== undefined ? ' (' + t.r.c + ')' : ''));
        if (t.r.a !== undefined) facts.push('action ' + S[t.r.a]);
        if (t.r.n.length) facts.push('entities ' + t.r.n.map(function (e) { return S[e[0]] + '=' + e[1]; }).join(', '));
        if (facts.length) turn.appendChild(text('p', 'meta', facts.join(' · ')));
      }
      if (t.e) turn.appendChild(text('p', 'err', 'error: ' + t.e));
      if (t.k) turn.appendChild(text('p', 'note', 'skipped: ' + t.k));
      if (t.v.length) turn.appendChild(verdictRows(t, file));
      box.appendChild(turn);
    });
    if (c.fb) box.appendChild(text('p', 'feedback' + (c.fb.error ? ' bad' : ''), feedbackText(c.fb)));
    return box;
  }

  function toggle(i, row) {
    var next = row.nextSibling;
    if (state.open[i]) {
      delete state.open[i];
      if (next && next.classList.contains('detail')) next.remove();
      row.setAttribute('aria-expanded', 'false');
      return;
    }
    state.open[i] = true;
    row.setAttribute('aria-expanded', 'true');
    row.after(el('tr', { class: 'detail' }, [el('td', { colspan: '6' }, [transcript(data.cases[i])])]));
  }

  function caseRow(i) {
    var c = data.cases[i];
    var tags = el('td', null, c.g.map(function (g) { return text('span', 'tag', S[g]); }));
    var name = el('td', { class: 'name' }, [c.n]);
    if (c.r) name.appendChild(text('span', 'run', 'run ' + c.r[0] + '/' + c.r[1]));
    var row = el('tr', { class: 'case', 'data-status': c.s, 'aria-expanded': 'false', tabindex: '0' }, [
      text('td', 'status ' + c.s, c.s), name, text('td', null, S[c.f] + ':' + c.l), tags,
      text('td', null, String(c.t.length)), text('td', null, c.d + ' ms')
    ]);
    row.addEventListener('click', function () { toggle(i, row); });
    row.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(i, row); } });
    return row;
  }

  function render() {
    var hits = [];
    for (var i = 0; i < data.cases.length; i++) if (matches(i)) hits.push(i);
    var pages = Math.max(1, Math.ceil(hits.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    var start = state.page * PAGE;
    var slice = hits.slice(start, start + PAGE);
    var frag = document.createDocumentFragment();
    slice.forEach(function (i) {
      var row = caseRow(i);
      frag.appendChild(row);
      if (state.open[i]) frag.appendChild(el('tr', { class: 'detail' }, [el('td', { colspan: '6' }, [transcript(data.cases[i])])]));
      if (state.open[i]) row.setAttribute('aria-expanded', 'true');
    });
    body.replaceChildren(frag);
    shown.textContent = hits.length === 0 ? 'no matching conversations' : 'showing ' + (start + 1) + '–' + (start + slice.length) + ' of ' + hits.length;
    shown.setAttribute('data-matches', String(hits.length));
    document.getElementById('page-info').textContent = 'page ' + (state.page + 1) + ' of ' + pages;
    document.getElementById('prev').disabled = state.page === 0;
    document.getElementById('next').disabled = state.page >= pages - 1;
  }

  document.getElementById('failed-only').addEventListener('change', function (e) { state.failedOnly = e.target.checked; state.page = 0; render(); });
  document.getElementById('search').addEventListener('input', function (e) { state.query = e.target.value.trim().toLowerCase(); state.page = 0; render(); });
  document.getElementById('prev').addEventListener('click', function () { state.page--; render(); });
  document.getElementById('next').addEventListener('click', function () { state.page++; render(); });
  render();
})();
`
