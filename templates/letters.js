// letters.html's script: draws the letters of the chosen group (an office's, with its cover
// sheet, or the letters posted home) from #letters-data into A4 pages, filling the
// templates with textContent (no markup from the data). letters.html#all shows every group.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('letters-data').textContent);
  var select = document.getElementById('group');
  var box = document.getElementById('letters');
  var coverTemplate = document.getElementById('cover-template');
  var letterTemplate = document.getElementById('letter-template');

  function fill(node, field, text) {
    node.querySelectorAll('[data-f="' + field + '"]').forEach(function (el) { el.textContent = text; });
  }
  function show(node, field, shown) {
    node.querySelectorAll('[data-f="' + field + '"]').forEach(function (el) { el.hidden = !shown; });
  }

  function cover(group) {
    var node = coverTemplate.content.cloneNode(true);
    fill(node, 'to_postal', group.tp ? '〒' + group.tp : '');
    fill(node, 'to_address', group.ta);
    fill(node, 'office', group.on || '事業所（事業所記号 ' + group.oc + '）');
    var rows = node.querySelector('[data-f="members"]');
    group.letters.forEach(function (l) {
      var tr = document.createElement('tr');
      [l.id, l.nk + ' 様'].forEach(function (text) {
        var td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      });
      rows.appendChild(tr);
    });
    return node;
  }

  function letter(group, l) {
    var node = letterTemplate.content.cloneNode(true);
    node.firstElementChild.setAttribute('data-member', l.id);
    node.firstElementChild.setAttribute('data-route', group.office ? 'office' : 'home');
    fill(node, 'to_postal', l.tp ? '〒' + l.tp : '');
    fill(node, 'to_address', l.ta);
    fill(node, 'to_name', l.tn);
    fill(node, 'member_id', l.id);
    fill(node, 'name_kanji', l.nk);
    fill(node, 'name_kana', l.nn);
    fill(node, 'birth_date', l.bd);
    fill(node, 'sex', l.sx);
    fill(node, 'address', (l.pc ? '〒' + l.pc + ' ' : '') + l.ad);
    var list = node.querySelector('[data-f="sentences"]');
    l.t.forEach(function (i) {
      var li = document.createElement('li');
      li.textContent = data.sentences[i];
      list.appendChild(li);
    });
    show(node, 'stopped', l.s);
    show(node, 'return_office', group.office);
    show(node, 'return_home', !group.office);
    return node;
  }

  function render() {
    var chosen = select.value === 'all' ? data.groups : [data.groups[Number(select.value)]];
    var pages = document.createDocumentFragment(), count = 0;
    chosen.forEach(function (group) {
      if (!group) { return; }
      if (group.office) { pages.appendChild(cover(group)); }
      group.letters.forEach(function (l) { pages.appendChild(letter(group, l)); count++; });
    });
    box.textContent = '';
    box.appendChild(pages);
    document.getElementById('shown').textContent = count + ' 通を表示中';
  }

  select.addEventListener('change', render);
  if (location.hash === '#all') { select.value = 'all'; }
  if (data.groups.length) { render(); } else { box.textContent = '本人確認の対象はいません。'; }
})();
