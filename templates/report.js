// report.html's script: draws the embedded members (#report-rows, keys named in
// src/report/html/rows.rs) as cards, 100 to a page, with filters, search, paging and a
// print view (every member of the current filter). Labels come from #report-labels, so
// every code shows in Japanese.
(function () {
  'use strict';
  var labels = JSON.parse(document.getElementById('report-labels').textContent);
  var rows = JSON.parse(document.getElementById('report-rows').textContent);
  var flaggedOutcome = {};
  labels.flagged.forEach(function (o) { flaggedOutcome[o] = true; });
  var differs = {};
  labels.differs.forEach(function (v) { differs[v] = true; });
  // An attribute left without verdict and register text is equal: the member's text.
  rows.forEach(function (r) {
    r.a.forEach(function (x) {
      if (x.v === undefined) { x.v = 'equal'; }
      if (x.r === undefined) { x.r = x.m; }
    });
  });
  var members = rows.filter(function (r) { return flaggedOutcome[r.o]; });
  var overrides = rows.filter(function (r) { return r.rv; });
  var PAGE = 100;
  var page = 0, view = [], groups = [], pattern = '', all = false;
  var number = new Intl.NumberFormat('ja-JP');

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function $(id) { return document.getElementById(id); }
  function patternOf(r) { return r.a.map(function (x) { return x.v; }).join(','); }
  function patternWords(key) {
    return key.split(',').map(function (v, k) {
      return labels.attributes[k] + ' ' + (labels.verdict[v] || v);
    }).join('・');
  }

  // The characters of a that b does not have, marked (longest common subsequence).
  function marked(a, b) {
    var x = Array.from(a), y = Array.from(b), n = x.length, m = y.length;
    if (n * m > 40000) { return a === b ? esc(a) : '<mark>' + esc(a) + '</mark>'; }
    var t = [];
    for (var i = 0; i <= n; i++) { t.push(new Array(m + 1).fill(0)); }
    for (i = n - 1; i >= 0; i--) {
      for (var j = m - 1; j >= 0; j--) {
        t[i][j] = x[i] === y[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
      }
    }
    var out = '';
    i = 0; j = 0;
    while (i < n) {
      if (j < m && x[i] === y[j]) { out += esc(x[i]); i++; j++; }
      else if (j < m && t[i][j + 1] >= t[i + 1][j]) { j++; }
      else { out += '<mark>' + esc(x[i]) + '</mark>'; i++; }
    }
    return out;
  }

  // One side of an attribute: the value as written, and under it the value as compared
  // when that says more; highlights only where the compared values still differ.
  // Short values (date, sex) carry it on the same line.
  function side(raw, norm, otherRaw, otherNorm, highlight, inline) {
    var shownRaw = raw === '' ? '<span class="empty">（空欄）</span>' : esc(raw);
    if (!norm || norm === raw) {
      return highlight ? marked(raw, otherNorm || otherRaw) || shownRaw : shownRaw;
    }
    var tag = inline ? 'span' : 'div';
    return shownRaw + '<' + tag + ' class="norm">' + (highlight ? marked(norm, otherNorm || otherRaw) : esc(norm)) + '</' + tag + '>';
  }

  function comparison(r) {
    var compared = r.a[0].v !== 'not_compared';
    var html = '<table class="cmp"><colgroup><col class="c-attr"><col class="c-side"><col class="c-side"><col class="c-verdict"></colgroup>' +
      '<thead><tr><th>項目</th><th>加入者情報（保険者）</th><th>住民基本台帳（J-LIS）</th><th>照合結果</th></tr></thead><tbody>';
    r.a.forEach(function (x, k) {
      var highlight = compared && differs[x.v];
      var cls = highlight ? 'differs' : (x.v === 'equal' || !compared ? '' : 'notation');
      var inline = k === 2 || k === 3;
      var register = compared
        ? side(x.r, x.rn, x.m, x.mn, highlight, inline)
        : (k === 0 ? '<span class="empty">（住基の情報なし）</span>' : '');
      html += '<tr class="' + cls + '"><th>' + esc(labels.attributes[k]) + '</th><td>' +
        side(x.m, x.mn, x.r, x.rn, highlight, inline) + '</td><td>' + register + '</td><td>' +
        esc(labels.verdict[x.v] || x.v) + '</td></tr>';
    });
    return html + '</tbody></table>';
  }

  function member(r) {
    var badges = '<span class="badge o-' + esc(r.o) + '">' + esc(labels.outcome[r.o] || r.o) + '</span>';
    if (labels.mhlw[r.mh]) { badges += '<span class="badge mhlw">厚労省区分 ' + esc(labels.mhlw[r.mh]) + '</span>'; }
    if (r.ch) { badges += '<span class="badge change">' + esc(labels.change[r.ch] || r.ch) + '</span>'; }
    if (r.c) { badges += '<span class="badge contact">本人連絡あり</span>'; }
    var rule = r.rs.length
      ? r.rs.map(function (c) { return esc(labels.reason[c] || c); }).join('・') + ' → ' + esc(labels.outcome[r.o] || r.o)
      : esc(labels.outcome[r.o] || r.o);
    var html = '<div class="member"><div class="member-head"><span class="id">' + esc(r.id) + '</span>' +
      '<span class="no">個人番号 ' + esc(r.no) + '</span>' + badges + '</div>' +
      '<div class="rule">適用した規則: ' + rule + '</div>' + comparison(r);
    // The reasons' sentences, as results.csv writes them (the household member named).
    var sentences = r.rs.map(function (c) {
      var text = labels.sentence[c] || c;
      if (r.hm && labels.namesMember.indexOf(c) >= 0) { text += '（同じ世帯の加入者: ' + r.hm + '）'; }
      return text;
    });
    if (sentences.length) { html += '<p class="reasons">' + esc(sentences.join(' ')) + '</p>'; }
    if (r.rv) {
      html += '<div class="resolution"><strong>解決記録</strong> 決定: ' + esc(r.rv.d) + ' ／ 理由: ' + esc(r.rv.r) +
        ' ／ 日付: ' + esc(r.rv.dt) + ' ／ 担当: ' + esc(r.rv.w) + ' ／ 今回: ' + esc(r.rv.s) + '</div>';
    }
    return html + '</div>';
  }

  function card(group) {
    var head = group.length > 1
      ? '<div class="card-head">世帯 ' + esc(group[0].hh) + '（この世帯の ' + number.format(group.length) + ' 名がまとめて対象）</div>'
      : '';
    return '<article class="card' + (group.length > 1 ? ' household' : '') + '">' + head + group.map(member).join('') + '</article>';
  }

  // Consecutive members of one household (the lists keep households together) form a card.
  function grouped(list) {
    var out = [];
    list.forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r.hh && last[0].hh === r.hh) { last.push(r); } else { out.push([r]); }
    });
    return out;
  }

  function render() {
    var pages = Math.max(1, Math.ceil(groups.length / PAGE));
    if (page >= pages) { page = pages - 1; }
    var shown = all ? groups : groups.slice(page * PAGE, (page + 1) * PAGE);
    $('member-cards').innerHTML = shown.map(card).join('') || '<p>該当する対象者はいません。</p>';
    var first = all ? 1 : page * PAGE + 1, last = all ? groups.length : Math.min(groups.length, (page + 1) * PAGE);
    $('page-info').textContent = number.format(view.length) + ' 名（' + number.format(groups.length) + ' 件）中 ' +
      (groups.length ? number.format(first) + '〜' + number.format(last) + ' 件目' : '0 件') +
      (all ? '（全件表示）' : '（' + number.format(page + 1) + ' / ' + number.format(pages) + ' ページ）');
    $('page-number').max = pages;
    $('page-number').value = page + 1;
  }

  function value(id) { var el = $(id); return el ? el.value : ''; }

  function apply() {
    var outcome = value('f-outcome'), reason = value('f-reason'), mhlw = value('f-mhlw'),
      change = value('f-change'), query = value('f-search').trim(),
      household = $('f-household').checked;
    view = members.filter(function (r) {
      if (outcome && r.o !== outcome) { return false; }
      if (reason && r.rs.indexOf(reason) < 0) { return false; }
      if (mhlw && r.mh !== mhlw) { return false; }
      if (change && r.ch !== change) { return false; }
      if (pattern && patternOf(r) !== pattern) { return false; }
      if (query) {
        var text = [r.id, r.hh || '', r.a[0].m, r.a[0].mn || '', r.a[1].m, r.a[1].mn || ''].join('\n');
        if (text.indexOf(query) < 0) { return false; }
      }
      return true;
    });
    groups = grouped(view);
    if (household) { groups = groups.filter(function (g) { return g.length > 1; }); }
    $('f-pattern-box').hidden = !pattern;
    $('f-pattern').textContent = pattern ? patternWords(pattern) : '';
    page = 0;
    render();
  }

  ['f-outcome', 'f-reason', 'f-mhlw', 'f-change', 'f-household'].forEach(function (id) {
    if ($(id)) { $(id).addEventListener('change', apply); }
  });
  $('f-search').addEventListener('input', apply);
  $('f-pattern-clear').addEventListener('click', function () { pattern = ''; apply(); });
  Array.prototype.forEach.call(document.querySelectorAll('a.example'), function (a) {
    a.addEventListener('click', function () { pattern = a.getAttribute('data-pattern'); all = false; apply(); });
  });
  $('prev').addEventListener('click', function () { if (page > 0) { page--; all = false; render(); } });
  $('next').addEventListener('click', function () { if ((page + 1) * PAGE < groups.length) { page++; all = false; render(); } });
  $('page-go').addEventListener('click', function () {
    var n = parseInt($('page-number').value, 10);
    if (n >= 1) { page = n - 1; all = false; render(); }
  });
  $('show-all').addEventListener('click', function () { all = true; render(); });
  // Printing prints every member of the current filter, then the page view comes back.
  var wasAll = false;
  window.addEventListener('beforeprint', function () { wasAll = all; all = true; render(); });
  window.addEventListener('afterprint', function () { all = wasAll; render(); });

  if ($('overrides-list')) {
    $('overrides-list').innerHTML = overrides.map(function (r) { return card([r]); }).join('') ||
      '<p>解決記録のある加入者はいません。</p>';
  }
  // report.html#all opens with every member shown (as printed); #show=SECTION with that
  // section alone; #find=TEXT with the members alone, searched for TEXT (a page to hand on,
  // or to look at one member).
  all = location.hash === '#all';
  var show = /^#show=([a-z]+)$/.exec(location.hash), find = /^#find=(.*)$/.exec(location.hash);
  if (find) { $('f-search').value = decodeURIComponent(find[1]); show = [null, 'members']; }
  if (show && $(show[1])) {
    document.body.classList.add('only');
    $(show[1]).classList.add('shown');
  }
  apply();
  // When the page was ready (ms since navigation): scripts/render-report.sh reports it.
  document.documentElement.setAttribute('data-ready-ms', String(Math.round(performance.now())));
})();
