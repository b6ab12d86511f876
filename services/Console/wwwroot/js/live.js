// Live lists without a reload: an element with data-live-source (a server-sent events URL) and
// data-live-rows (a URL answering the list's rows as server-rendered HTML) is refreshed whenever the
// stream says "changed". The rows come from Razor, already encoded; nothing here builds HTML from data.
(function () {
  'use strict';
  document.querySelectorAll('[data-live-source]').forEach(function (target) {
    var status = document.getElementById(target.getAttribute('data-live-status') || '');
    var refreshing = false, again = false;
    function refresh() {
      if (refreshing) { again = true; return; }
      refreshing = true;
      fetch(target.getAttribute('data-live-rows'), { credentials: 'same-origin', headers: { 'Accept': 'text/html', 'X-Live-Refresh': '1' } })
        .then(function (response) { if (!response.ok) { throw new Error(String(response.status)); } return response.text(); })
        .then(function (html) {
          target.innerHTML = html;
          target.setAttribute('data-live-version', String(Number(target.getAttribute('data-live-version') || '0') + 1));
        })
        .catch(function () { if (status) { status.textContent = 'Live updates paused; reload the page.'; } })
        .finally(function () { refreshing = false; if (again) { again = false; refresh(); } });
    }
    var source = new EventSource(target.getAttribute('data-live-source'));
    var live = target.getAttribute('data-live-open') || 'Live: this list updates by itself.';
    source.addEventListener('open', function () { if (status) { status.textContent = live; } });
    source.addEventListener('changed', refresh);
    source.addEventListener('idle', function () {
      source.close();
      if (status) { status.textContent = 'Paused: nothing was done on this page for a while. Reload it to follow again.'; }
    });
    source.addEventListener('final', function () {
      source.close();
      if (status) { status.textContent = 'Final: this request will not change again.'; }
    });
    source.addEventListener('ended', function () {
      source.close();
      if (status) { status.textContent = 'Live updates ended; reload the page.'; }
    });
  });
  // Print buttons without inline script.
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
})();
