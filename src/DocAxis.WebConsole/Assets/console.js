// Live pages: the console follows the clerk's agency's event record (/live, server-sent events)
// and, when an event concerns what the page shows, fetches the page again and swaps in the parts
// marked data-live. Without script the pages work the same, by reloading.
(() => {
  const after = document.body.dataset.liveAfter;
  const regions = () => document.querySelectorAll('[data-live]');
  if (after === undefined || regions().length === 0 || !('EventSource' in window)) {
    return;
  }

  const envelope = document.body.dataset.envelope;
  let timer = null;
  const refresh = async () => {
    const response = await fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (!response.ok) {
      return;
    }

    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
    for (const region of regions()) {
      const replacement = fresh.getElementById(region.id);
      if (replacement) {
        region.replaceWith(document.importNode(replacement, true));
      }
    }
  };

  const source = new EventSource('/live?after=' + encodeURIComponent(after));
  source.addEventListener('letter', (message) => {
    const event = JSON.parse(message.data);
    if (envelope && event.envelopeId !== envelope) {
      return;
    }

    // Events come in bursts (a letter to many agencies); one fetch answers a burst.
    clearTimeout(timer);
    timer = setTimeout(refresh, 200);
  });
})();
