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

// Compose: filters the recipient list as the clerk types, then sends the header and the files as
// one streamed multipart upload, showing its progress; the antiforgery token goes in a header.
(() => {
  const form = document.getElementById('compose');
  if (!form) {
    return;
  }

  const search = document.getElementById('recipient-search');
  const list = document.getElementById('recipients');
  let asked = null;
  search.addEventListener('input', () => {
    const words = search.value.trim().toLocaleLowerCase('vi');
    if (list.dataset.search) {
      // A directory too large to list: the node answers what the clerk types; chosen ones stay.
      clearTimeout(asked);
      asked = setTimeout(async () => {
        const response = await fetch(list.dataset.search + '?q=' + encodeURIComponent(search.value.trim()), { credentials: 'same-origin' });
        if (!response.ok) {
          return;
        }

        const found = await response.json();
        for (const option of Array.from(list.options)) {
          if (!option.selected) {
            option.remove();
          }
        }

        const shown = new Set(Array.from(list.options, (option) => option.value));
        for (const agency of found.filter((a) => !shown.has(a.code))) {
          list.add(new Option(agency.name + ' (' + agency.code + ')', agency.code));
        }
      }, 200);
      return;
    }

    for (const option of list.options) {
      option.hidden = words !== '' && !option.text.toLocaleLowerCase('vi').includes(words) && !option.selected;
    }
  });

  const progress = document.getElementById('progress');
  const progressText = document.getElementById('progress-text');
  form.addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    const typed = document.getElementById('more-recipients').value.split(/[\s,;]+/).filter((code) => code !== '');
    const chosen = Array.from(list.selectedOptions, (option) => option.value);
    const files = Array.from(document.getElementById('files').files);
    const letter = {
      recipients: Array.from(new Set(chosen.concat(typed))),
      subject: form.subject.value,
      number: form.number.value,
      notation: form.notation.value,
      issueDate: form.issueDate.value,
      typeName: form.typeName.value,
      signerName: form.signerName.value,
      signerPosition: form.signerPosition.value,
      urgency: Number(form.urgency.value),
      summary: form.summary.value,
      files: files.map((file) => ({ name: file.name, type: file.type })),
    };
    if (form.dataset.amends) {
      letter.amends = form.dataset.amends;
      letter.amendment = Number(form.dataset.amendment);
      letter.amendmentReason = form.amendmentReason.value;
    }
    const body = new FormData();
    body.append('letter', JSON.stringify(letter));
    for (const file of files) {
      body.append('file', file, file.name);
    }

    const request = new XMLHttpRequest();
    request.open('POST', '/compose/send');
    request.setRequestHeader(form.dataset.antiforgeryHeader, form.dataset.token);
    progress.hidden = false;
    request.upload.addEventListener('progress', (step) => {
      if (step.lengthComputable) {
        progress.value = Math.round((step.loaded / step.total) * 100);
        progressText.textContent = progress.value + '%';
      }
    });
    request.addEventListener('load', () => {
      const answer = JSON.parse(request.responseText || '{}');
      if (request.status === 200) {
        window.location.assign('/letters/' + answer.envelopeId);
      } else {
        progressText.textContent = (answer.message || request.statusText) + (answer.reason ? ' (' + answer.reason + ')' : '');
        progressText.classList.add('error');
      }
    });
    request.addEventListener('error', () => {
      progressText.textContent = form.dataset.failed || 'The upload was cut off; nothing was sent. Try again.';
      progressText.classList.add('error');
    });
    progressText.classList.remove('error');
    request.send(body);
  });
})();
