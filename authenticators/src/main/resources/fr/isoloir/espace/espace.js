/*
 * Espace gestionnaire: signs the manager in through Keycloak (OpenID Connect, authorization code with
 * PKCE S256, public client), then shows the election's figures from the admin REST API with the
 * manager's own token: the API checks the manager's rights (view-users or manage-users of the realm).
 * Tokens stay in this page's memory only (never in storage); a reload signs in again, silently while
 * the Keycloak session lasts. The labels come from the page (server-side) and messages.json.
 */
(function () {
  'use strict';

  var root = document.documentElement;
  var lang = root.lang || 'fr';
  var realm = root.dataset.realm;
  var base = root.dataset.base;
  var clientId = root.dataset.clientId;
  var oidc = location.origin + '/realms/' + encodeURIComponent(root.dataset.authRealm) + '/protocol/openid-connect/';
  var redirectUri = location.origin + base;
  var STATE = 'isoloir-gestion-state';
  var VERIFIER = 'isoloir-gestion-verifier';
  var VIEW = 'isoloir-gestion-view';
  var REFRESH_MS = 5000;
  var IMPORT_REFRESH_MS = 2000;
  // The views of the page, by address (#tableau, the default, #liste, #envoi, #courriers, #parametres): the element shown, the title's key.
  var VIEWS = {
    '#liste': { view: 'voterlist', title: 'importTitle' },
    '#envoi': { view: 'sending', title: 'sendingTitle' },
    '#courriers': { view: 'letters', title: 'lettersPageTitle' },
    '#parametres': { view: 'settings', title: 'settingsTitle' }
  };
  var messages = {};
  var tokens = null;
  var who = '';
  var poller = null;
  var lastSample = null;

  function $(id) { return document.getElementById(id); }

  function text(key, parameters) {
    var value = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
    (parameters || []).forEach(function (parameter, i) {
      value = value.split('{' + i + '}').join(String(parameter));
    });
    return value;
  }

  // A count's own wording ("1 identifiant en échec", "2 identifiants"): key.one / key.other when the
  // bundle has them, chosen by the language's plural rules (in French, 0 and 1 are singular).
  function counted(key, count) {
    var form = key + '.' + new Intl.PluralRules(lang).select(count);
    return Object.prototype.hasOwnProperty.call(messages, form) ? form : key;
  }

  function number(value) {
    return typeof value === 'number' ? new Intl.NumberFormat(lang).format(value) : value;
  }

  function date(iso) {
    if (!iso) {
      return null;
    }
    return new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' })
      .format(new Date(iso));
  }

  // Our own failure reasons have a translation; a provider's own text (Twilio, the mail server) is shown as it came.
  function failure(reason) {
    var key = 'reason.' + reason.replace(/ /g, '-');
    return Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : reason;
  }

  function status(message) {
    $('status').textContent = message;
  }

  function base64url(bytes) {
    var binary = '';
    new Uint8Array(bytes).forEach(function (b) { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function random() {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
  }

  /** To Keycloak's login page; the verifier and state wait in this tab's session storage. */
  function signIn(prompt) {
    var verifier = random();
    var state = random();
    sessionStorage.setItem(VERIFIER, verifier);
    sessionStorage.setItem(STATE, state);
    sessionStorage.setItem(VIEW, location.hash);
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (hash) {
      var query = new URLSearchParams({
        client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: redirectUri,
        state: state, code_challenge: base64url(hash), code_challenge_method: 'S256', ui_locales: lang
      });
      if (prompt) {
        query.set('prompt', prompt);
      }
      location.assign(oidc + 'auth?' + query.toString());
    });
  }

  function tokenRequest(form) {
    return fetch(oidc + 'token', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(), credentials: 'omit'
    }).then(function (answer) {
      if (!answer.ok) {
        throw new Error('token ' + answer.status);
      }
      return answer.json();
    });
  }

  /** Back from Keycloak with a code: checks the state, trades the code and the verifier for tokens. */
  function finishSignIn(query) {
    var state = sessionStorage.getItem(STATE);
    var verifier = sessionStorage.getItem(VERIFIER);
    var view = sessionStorage.getItem(VIEW) || '';
    sessionStorage.removeItem(STATE);
    sessionStorage.removeItem(VERIFIER);
    sessionStorage.removeItem(VIEW);
    history.replaceState(null, '', base + (VIEWS[view] ? view : ''));
    if (!state || query.get('state') !== state || !verifier) {
      return Promise.reject(new Error('state'));
    }
    return tokenRequest({
      grant_type: 'authorization_code', client_id: clientId, code: query.get('code'),
      redirect_uri: redirectUri, code_verifier: verifier
    });
  }

  function claims(jwt) {
    try {
      var part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(decodeURIComponent(escape(atob(part))));
    } catch (e) {
      return {};
    }
  }

  function signedIn(answer) {
    tokens = answer;
    who = claims(answer.id_token || answer.access_token).preferred_username || '';
    $('who').textContent = text('signedInAs', [who]);
    $('who').hidden = false;
    $('sign-out').hidden = false;
    $('sections').hidden = false;
    return who;
  }

  function signOut() {
    var query = new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: redirectUri });
    if (tokens && tokens.id_token) {
      query.set('id_token_hint', tokens.id_token);
    }
    tokens = null;
    location.assign(oidc + 'logout?' + query.toString());
  }

  /** The admin API with the manager's token; an expired token is refreshed once. */
  function api(path, body, retried, method) {
    var request = {
      method: method || (body === undefined ? 'GET' : 'POST'), credentials: 'omit',
      headers: { Authorization: 'Bearer ' + tokens.access_token, Accept: 'application/json' }
    };
    if (body !== undefined) {
      // A file (the voter list) goes as it is, as CSV; anything else as JSON.
      var file = body instanceof Blob;
      request.headers['Content-Type'] = file ? 'text/csv' : 'application/json';
      request.body = file ? body : JSON.stringify(body);
    }
    return fetch('/admin/realms/' + encodeURIComponent(realm) + '/isoloir/' + path, request).then(function (answer) {
      if (answer.status === 401 && !retried && tokens.refresh_token) {
        return tokenRequest({ grant_type: 'refresh_token', client_id: clientId, refresh_token: tokens.refresh_token })
          .then(function (fresh) { signedIn(fresh); return api(path, body, true, method); }, function () { return signIn(); });
      }
      return answer;
    });
  }

  function pick(figures, path) {
    return path.split('.').reduce(function (value, key) {
      return value === null || value === undefined ? null : value[key];
    }, figures);
  }

  // A figure the answer leaves out (the event figures, for an admin without view-events), not a null one.
  function leftOut(figures, path) {
    var value = figures;
    return path.split('.').some(function (key) {
      if (value === null || typeof value !== 'object') {
        return false;
      }
      if (!Object.prototype.hasOwnProperty.call(value, key)) {
        return true;
      }
      value = value[key];
      return false;
    });
  }

  function show(figures) {
    var hidden = figures.eventFigures && !figures.eventFigures.shown;
    var withRole = hidden ? text('eventsHidden', [figures.eventFigures.role]) : '';
    document.querySelectorAll('[data-figure]').forEach(function (cell) {
      var value = pick(figures, cell.dataset.figure);
      if (hidden && leftOut(figures, cell.dataset.figure)) {
        cell.textContent = withRole;
        return;
      }
      cell.textContent = value === null || value === undefined ? text('notRecorded') : number(value);
    });
    document.querySelectorAll('[data-date]').forEach(function (cell) {
      var value = pick(figures, cell.dataset.date);
      var recorded = pick(figures, cell.dataset.date.replace(/\.[^.]+$/, '.files'));
      if (hidden && leftOut(figures, cell.dataset.date)) {
        cell.textContent = withRole;
        return;
      }
      cell.textContent = value ? date(value) : (recorded === null ? text('notRecorded') : text('never'));
    });
    $('events-hidden').hidden = !hidden;
    $('events-hidden').textContent = hidden ? text('eventsHiddenNote', [figures.eventFigures.role, realm]) : '';
    $('figures-at').textContent = text('figuresAt', [
      new Intl.DateTimeFormat(lang, { timeStyle: 'short', timeZone: figures.timeZone || 'Europe/Paris' })
        .format(new Date(figures.at)),
      figures.cacheSeconds
    ]);
    var election = figures.election;
    $('window-state').textContent = text('state.' + election.state);
    $('window-opens').textContent = election.opensAt ? date(election.opensAt) : text('notSet');
    $('window-closes').textContent = election.closesAt ? date(election.closesAt) : text('notSet');

    var advice = $('advice');
    advice.replaceChildren();
    figures.advice.forEach(function (item) {
      var li = document.createElement('li');
      var key = typeof item.parameters[0] === 'number' ? counted(item.key, item.parameters[0]) : item.key;
      li.textContent = text(key, item.parameters.map(number));
      advice.appendChild(li);
    });

    var rows = $('reasons-rows');
    rows.replaceChildren();
    Object.keys(figures.failureReasons).forEach(function (channel) {
      figures.failureReasons[channel].forEach(function (reason) {
        var tr = document.createElement('tr');
        [text('channel.' + channel), failure(reason.reason), number(reason.count)].forEach(function (value, i) {
          var cell = document.createElement(i === 0 ? 'th' : 'td');
          if (i === 0) {
            cell.scope = 'row';
          }
          if (i === 2) {
            cell.className = 'number';
          }
          cell.textContent = value;
          tr.appendChild(cell);
        });
        rows.appendChild(tr);
      });
    });
    $('reasons').hidden = rows.children.length === 0;
    $('no-failures').hidden = rows.children.length !== 0;
    $('dashboard').hidden = false;
    status(text('loaded', [date(figures.at)]));
  }

  function load() {
    status(text('loading'));
    return api('dashboard').then(function (answer) {
      if (answer.status === 403) {
        $('dashboard').hidden = true;
        $('refused-text').textContent = text('refusedText', [who, realm]);
        $('sections').hidden = true;
        $('refused').hidden = false;
        status(text('refusedTitle'));
        return null;
      }
      if (!answer.ok) {
        status(text('loadFailed', [answer.status]));
        return null;
      }
      return answer.json().then(show);
    });
  }

  function failed(error) {
    var message = $('status');
    message.replaceChildren(document.createTextNode(text('signInFailed', [error.message, ''])));
    var again = document.createElement('a');
    again.href = base;
    again.textContent = text('retry');
    message.appendChild(again);
    message.classList.add('problem');
  }

  function start() {
    var query = new URLSearchParams(location.search);
    if (query.has('error')) {
      history.replaceState(null, '', base);
      failed(new Error(query.get('error')));
      return Promise.resolve();
    }
    if (!query.has('code')) {
      return signIn();
    }
    return finishSignIn(query).then(function (answer) {
      signedIn(answer);
      window.addEventListener('hashchange', route);
      return route();
    });
  }

  /** One page, five views: the dashboard (#tableau, the default), the voter list (#liste), the sending (#envoi), the postal letters (#courriers), the election settings (#parametres). */
  function route() {
    var shown = VIEWS[location.hash] || { view: 'dashboard', title: 'title' };
    var sending = shown.view === 'sending';
    var title = text(shown.title);
    $('page-title').textContent = title;
    document.title = title + ' · ' + document.title.split(' · ').slice(1).join(' · ');
    document.querySelectorAll('#sections a').forEach(function (link) {
      if (link.dataset.view === shown.view) {
        link.setAttribute('aria-current', 'page');
      } else {
        link.removeAttribute('aria-current');
      }
    });
    clearInterval(poller);
    poller = null;
    lastSample = null;
    $('refused').hidden = true;
    $('dashboard').hidden = true;
    $('sending').hidden = !sending;
    $('voterlist').hidden = shown.view !== 'voterlist';
    $('letters').hidden = shown.view !== 'letters';
    $('settings').hidden = shown.view !== 'settings';
    if (shown.view === 'settings') {
      return loadSettings();
    }
    if (shown.view === 'letters') {
      poller = setInterval(loadLetters, LETTERS_REFRESH_MS);
      return openLetters();
    }
    if (shown.view === 'voterlist') {
      poller = setInterval(loadImports, IMPORT_REFRESH_MS);
      return loadImports();
    }
    if (!sending) {
      return load();
    }
    poller = setInterval(loadSending, REFRESH_MS);
    return loadSending();
  }

  function percent(done, total) {
    return total > 0 ? Math.floor(done * 100 / total) : 100;
  }

  /** Messages a minute since the previous look, and the time left at that pace. */
  function pace(job, done) {
    var now = Date.now();
    var sample = { id: job.id, at: now, done: done };
    var previous = lastSample;
    lastSample = sample;
    if (!previous || previous.id !== job.id || now <= previous.at || job.state !== 'running') {
      return null;
    }
    return (done - previous.done) * 60000 / (now - previous.at);
  }

  function showSending(jobs) {
    var job = jobs[0];
    $('sending-none').hidden = !!job;
    $('sending-job').hidden = !job;
    var active = job && (job.state === 'running' || job.state === 'paused');
    $('send-start').disabled = !!active;
    $('send-pause').disabled = !job || job.state !== 'running';
    $('send-resume').disabled = !job || job.state !== 'paused';
    $('send-cancel').disabled = !active;
    $('send-retry').disabled = !job || !job.counts || job.counts.failed === 0;
    if (!job) {
      return;
    }
    var counts = job.counts;
    var done = counts.sent + counts.failed + counts.uncertain;
    var state = text('sendState.' + job.state);
    if (job.state === 'running' && job.preparing) {
      state = text('sendPreparing');
    } else if (job.state === 'paused' && job.resumeAt) {
      state = text('sendPausedUntil', [job.pauseReason || '', date(job.resumeAt)]);
    } else if (job.state === 'paused' && job.pauseReason) {
      state = state + ' (' + job.pauseReason + ')';
    }
    $('sending-state').textContent = state;
    $('sending-channel').textContent = text('channel.' + job.channel);
    $('sending-started').textContent = date(job.startedAt) || text('unknown');
    $('sending-by').textContent = job.startedBy || text('unknown');
    $('sending-done').textContent = text('sendingDoneValue', [number(done), number(counts.targeted),
      percent(done, counts.targeted)]);
    $('sending-bar').max = Math.max(counts.targeted, 1);
    $('sending-bar').value = counts.targeted > 0 ? done : 1;
    document.querySelectorAll('[data-send]').forEach(function (cell) {
      cell.textContent = number(counts[cell.dataset.send]);
    });
    var rate = pace(job, done);
    $('sending-rate').textContent = rate === null ? text('unknown') : number(Math.round(rate));
    var minutes = rate > 0 ? counts.pending / rate : null;
    $('sending-left').textContent = minutes === null ? text('unknown')
      : minutes < 1 ? text('lessThanAMinute') : text('minutes', [number(Math.ceil(minutes))]);
  }

  function loadSending() {
    return api('identifier-sendings').then(function (answer) {
      if (answer.status === 403) {
        clearInterval(poller);
        $('sending-message').textContent = text('sendForbidden');
        return null;
      }
      if (!answer.ok) {
        status(text('loadFailed', [answer.status]));
        return null;
      }
      return answer.json().then(function (jobs) {
        showSending(jobs);
        status(text('loaded', [date(new Date().toISOString())]));
      });
    });
  }

  /** Start, pause, resume or cancel, then show the sending as the server now has it. */
  function command(path, body) {
    $('sending-message').textContent = '';
    return api(path, body).then(function (answer) {
      if (answer.status === 403) {
        $('sending-message').textContent = text('sendForbidden');
        return null;
      }
      if (!answer.ok) {
        return answer.json().catch(function () { return {}; }).then(function (error) {
          // The server names the refusal's wording in these bundles; its parameter for a state is a state.
          var reason = error.messageKey ? text(error.messageKey, (error.parameters || []).map(function (p) {
            return error.field === 'state' ? text('sendState.' + p) : p;
          })) : error.error_description || answer.status;
          $('sending-message').textContent = text('sendRefused', [reason]);
        });
      }
      return loadSending();
    });
  }

  function onJob(action) {
    return function () {
      return api('identifier-sendings').then(function (answer) { return answer.ok ? answer.json() : []; })
        .then(function (jobs) {
          return jobs[0] ? command('identifier-sendings/' + encodeURIComponent(jobs[0].id) + '/' + action, {}) : null;
        });
    };
  }


  // ---- Liste électorale: check the file (dry run), import it, follow, pause, resume or cancel the import ----

  var checkedFile = null;
  var importJob = null;
  var importAnnounced = '';

  function importMessage(message) {
    $('import-message').textContent = message || '';
  }

  /** The file field's own error, bound to it (aria-describedby, aria-invalid), focus on the field. */
  function fileError(message) {
    var field = $('import-file');
    $('import-file-error').textContent = message || '';
    $('import-file-error').hidden = !message;
    field.setAttribute('aria-describedby', message ? 'import-file-error import-file-help' : 'import-file-help');
    if (message) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    } else {
      field.removeAttribute('aria-invalid');
    }
  }

  /** A new choice (file or option) needs a new check before the import. */
  function importChoiceChanged() {
    checkedFile = null;
    $('import-start').disabled = true;
    $('import-report').hidden = true;
    fileError(null);
    importMessage('');
  }

  function problemRows(tbody, problems) {
    tbody.replaceChildren();
    problems.forEach(function (problem) {
      var tr = document.createElement('tr');
      [number(problem.line), problem.column || '', lang === 'fr' ? problem.messageFr : problem.message]
        .forEach(function (value, i) {
          var cell = document.createElement(i === 0 ? 'th' : 'td');
          if (i === 0) {
            cell.scope = 'row';
            cell.className = 'number';
          }
          cell.textContent = value;
          tr.appendChild(cell);
        });
      tbody.appendChild(tr);
    });
  }

  function listed(title, count, shownCount) {
    return text(counted(title, count), [number(count)])
      + (shownCount < count ? ' ' + text('importListed', [number(shownCount)]) : '');
  }

  /** The check's report: the plan, or the problems with their lines; focus on it so it is read. */
  function showReport(report, refused) {
    var plan = report.plan;
    var removeAbsent = $('import-remove-absent').checked;
    $('import-verdict').textContent = refused
      ? text(counted('importVerdictRefused', report.problemCount), [number(report.problemCount)])
      : text('importVerdictOk', [number(report.voters)]);
    $('import-verdict').className = refused ? 'problem' : '';
    $('import-plan').hidden = !plan || refused;
    if (plan) {
      document.querySelectorAll('[data-plan]').forEach(function (cell) {
        cell.textContent = number(plan[cell.dataset.plan]);
      });
      $('import-absent-label').textContent = text(removeAbsent ? 'importRemove' : 'importKeep');
    }
    $('import-file-facts').textContent = report.encoding ? text('importFileFacts', [report.encoding, report.separator]) : '';
    $('import-problems').hidden = !report.problemCount;
    $('import-problems-title').textContent = listed('importProblemsTitle', report.problemCount, report.problems.length);
    problemRows($('import-problem-rows'), report.problems || []);
    $('import-warnings').hidden = !report.warningCount;
    $('import-warnings-title').textContent = listed('importWarningsTitle', report.warningCount, report.warnings.length);
    problemRows($('import-warning-rows'), report.warnings || []);
    $('import-report').hidden = false;
    $('import-report').focus();
  }

  /** What a refused upload means, in the manager's words (the problems of the file are shown apart). */
  function uploadRefused(answer, body) {
    if (answer.status === 403) {
      return text('importForbidden', [realm]);
    }
    if (answer.status === 413) {
      return text('importTooLarge');
    }
    if (body.error === 'employee_number_conflict') {
      return text('importConflict', [((body.plan && body.plan.conflicts) || []).join(', ')]);
    }
    if (body.error === 'import_running') {
      return text('importRunning');
    }
    return text('importRefused', [body.error_description || answer.status]);
  }

  /** Sends the chosen file: a check (dry run) or the import itself. */
  function upload(dryRun) {
    var file = $('import-file').files[0];
    importMessage('');
    if (!file) {
      fileError(text('importNoFile'));
      return Promise.resolve();
    }
    fileError(null);
    var query = new URLSearchParams({ dryRun: String(dryRun), removeAbsent: String($('import-remove-absent').checked) });
    $('import-check').disabled = true;
    $('import-start').disabled = true;
    return api('voter-imports?' + query.toString(), file).then(function (answer) {
      return answer.json().catch(function () { return {}; }).then(function (body) {
        if (answer.status === 400 && body.error === 'invalid_file') {
          checkedFile = null;
          showReport(body, true);
        } else if (!answer.ok) {
          checkedFile = null;
          importMessage(uploadRefused(answer, body));
          $('import-message').focus();
        } else if (dryRun) {
          checkedFile = file;
          showReport(body, false);
        } else {
          checkedFile = null;
          $('import-report').hidden = true;
          importAnnounced = '';
          $('import-live').textContent = text('importStarted');
          return loadImports();
        }
        return null;
      });
    }, function () {
      fileError(text('importUnreadable'));
    }).then(function () {
      showImportButtons();
    });
  }

  function showImportButtons() {
    var active = importJob && (importJob.state === 'running' || importJob.state === 'paused');
    $('import-check').disabled = !!active;
    $('import-start').disabled = !!active || !checkedFile || checkedFile !== $('import-file').files[0];
    $('import-pause').disabled = !importJob || importJob.state !== 'running';
    $('import-resume').disabled = !importJob || importJob.state !== 'paused';
    $('import-cancel').disabled = !active;
  }

  function timeLeft(seconds) {
    if (seconds === null || seconds === undefined) {
      return text('unknown');
    }
    return seconds < 60 ? text('lessThanAMinute') : text('minutes', [number(Math.ceil(seconds / 60))]);
  }

  /** The latest import and, in the live region, what changed (its state, each tenth of the way, its end). */
  function showImport(job) {
    importJob = job || null;
    $('import-none').hidden = !!job;
    $('import-job').hidden = !job;
    showImportButtons();
    if (!job) {
      return;
    }
    $('import-state').textContent = text('importState.' + job.state);
    $('import-started').textContent = date(job.startedAt) || text('unknown');
    $('import-by').textContent = job.startedBy || text('unknown');
    $('import-done').textContent = text('sendingDoneValue', [number(job.done), number(job.total), percent(job.done, job.total)]);
    $('import-bar').max = Math.max(job.total, 1);
    $('import-bar').value = job.total > 0 ? job.done : 1;
    document.querySelectorAll('[data-import]').forEach(function (cell) {
      cell.textContent = number(job[cell.dataset.import]);
    });
    $('import-rate').textContent = job.state === 'running' && job.ratePerMinute > 0
      ? number(Math.round(job.ratePerMinute)) : text('unknown');
    $('import-left').textContent = job.state === 'running' ? timeLeft(job.secondsLeft) : text('unknown');
    var live;
    if (job.state === 'finished') {
      live = text('importFinished', [number(job.created), number(job.updated), number(job.removed)]);
    } else if (job.state === 'cancelled') {
      live = text('importCancelled', [number(job.done), number(job.created), number(job.updated), number(job.removed)]);
    } else if (job.state === 'failed') {
      live = text('importFailed', [number(job.done)]);
    } else {
      live = text('importLive', [text('importState.' + job.state), number(job.done), number(job.total)]);
    }
    var step = job.id + job.state + Math.floor(percent(job.done, job.total) / 10);
    if (step !== importAnnounced) {
      importAnnounced = step;
      $('import-live').textContent = live;
    }
  }

  function loadImports() {
    return api('voter-imports').then(function (answer) {
      if (answer.status === 403) {
        clearInterval(poller);
        $('import-forbidden').textContent = text('importForbidden', [realm]);
        $('import-forbidden').hidden = false;
        $('import-form').querySelectorAll('input, button').forEach(function (control) { control.disabled = true; });
        $('import-none').hidden = true;
        return null;
      }
      if (!answer.ok) {
        status(text('loadFailed', [answer.status]));
        return null;
      }
      return answer.json().then(function (jobs) {
        showImport(jobs[0] && Object.assign({ id: jobs[0].jobId }, jobs[0]));
        status(text('loaded', [date(new Date().toISOString())]));
      });
    });
  }

  /** Pause, resume or cancel the latest import, then show it as the server now has it. */
  function importControl(action) {
    return function () {
      importMessage('');
      if (!importJob) {
        return null;
      }
      return api('voter-imports/' + encodeURIComponent(importJob.id) + '/' + action, {}).then(function (answer) {
        if (!answer.ok) {
          return answer.json().catch(function () { return {}; }).then(function (body) {
            importMessage(answer.status === 403 ? text('importForbidden', [realm])
              : text('importRefused', [(lang === 'fr' && body.error_description_fr) || body.error_description || answer.status]));
            return loadImports();
          });
        }
        return answer.json().then(function (job) {
          showImport(Object.assign({ id: job.jobId }, job));
        });
      });
    };
  }

  // --- Page « Courriers postaux » (#courriers): the letter production job, its progress and its file ---

  var LETTERS = 'postal-letter-productions';
  var LETTERS_REFRESH_MS = 2000;
  var lettersJob = null;

  function lettersMessage(message) {
    $('letters-message').textContent = message || '';
  }

  /** Plan and latest production: on opening the page, and again when a production ends. */
  function openLetters() {
    lettersMessage('');
    $('letters-confirm').hidden = true;
    return loadLettersPlan().then(loadLetters);
  }

  function loadLettersPlan() {
    return api(LETTERS + '/plan').then(function (answer) {
      if (answer.status === 403) {
        clearInterval(poller);
        lettersMessage(text('lettersForbidden'));
        return null;
      }
      if (!answer.ok) {
        status(text('loadFailed', [answer.status]));
        return null;
      }
      return answer.json().then(showLettersPlan);
    });
  }

  function showLettersPlan(plan) {
    var lines = [plan.letters > 0 ? text(counted('lettersPlan', plan.letters), [number(plan.letters)])
      : text('lettersPlanNobody')];
    if (plan.votersWithCode > 0) {
      lines.push(text('lettersPlanWithCode', [number(plan.votersWithCode)]));
    }
    if (plan.skipped > 0) {
      lines.push(text(counted('lettersPlanSkipped', plan.skipped), [number(plan.skipped)]));
    }
    $('letters-plan').textContent = lines.join(' ');
    $('letters-no-key').hidden = !plan.printerKeyProblem;
    $('letters-start').dataset.ready = plan.printerKeyProblem || plan.letters === 0 ? '' : 'yes';
    enableLettersStart();
  }

  function enableLettersStart() {
    var running = lettersJob && lettersJob.state === 'running';
    $('letters-start').disabled = !$('letters-start').dataset.ready || !!running;
  }

  function loadLetters() {
    return api(LETTERS).then(function (answer) {
      if (!answer.ok) {
        if (answer.status !== 403) {
          status(text('loadFailed', [answer.status]));
        }
        return null;
      }
      return answer.json().then(function (jobs) {
        var previous = lettersJob;
        showLetters(jobs[0] || null);
        status(text('loaded', [date(new Date().toISOString())]));
        if (previous && previous.state === 'running' && lettersJob && lettersJob.state !== 'running') {
          return loadLettersPlan();
        }
        return null;
      });
    });
  }

  function showLetters(job) {
    lettersJob = job;
    $('letters-none').hidden = !!job;
    $('letters-job').hidden = !job;
    enableLettersStart();
    if (!job) {
      return;
    }
    $('letters-job').dataset.id = job.id;
    $('letters-state').textContent = text('lettersState.' + job.state);
    $('letters-started').textContent = date(job.startedAt) || text('unknown');
    $('letters-by').textContent = job.startedBy || text('unknown');
    $('letters-done').textContent = text('sendingDoneValue', [number(job.done), number(job.total),
      percent(job.done, job.total)]);
    $('letters-made').textContent = number(job.letters);
    $('letters-bar').max = Math.max(job.total, 1);
    $('letters-bar').value = job.total > 0 ? job.done : 1;
    $('letters-rate').textContent = job.ratePerMinute > 0 ? number(Math.round(job.ratePerMinute)) : text('unknown');
    var seconds = job.secondsLeft;
    $('letters-left').textContent = job.state !== 'running' || seconds === null || seconds === undefined ? text('unknown')
      : seconds < 60 ? text('lessThanAMinute') : text('minutes', [number(Math.ceil(seconds / 60))]);
    $('letters-cancel').hidden = job.state !== 'running' && job.state !== 'paused';
    $('letters-file').hidden = !job.fileAvailable;
    $('letters-file-gone').hidden = job.fileAvailable || job.state === 'running' || job.state === 'paused';
  }

  /** Why the server refused, in the page's language when we know the reason. */
  function lettersRefusal(answer) {
    if (answer.status === 403) {
      lettersMessage(text('lettersForbidden'));
      return Promise.resolve(null);
    }
    return answer.json().catch(function () { return {}; }).then(function (error) {
      var known = { no_printer_key: 'lettersNoKey', production_running: 'lettersRunning', no_postal_voter: 'lettersNoVoter' };
      lettersMessage(known[error.error] ? text(known[error.error])
        : text('lettersRefused', [error.error_description || answer.status]));
      return error;
    });
  }

  function startLetters(confirm) {
    lettersMessage('');
    $('letters-confirm').hidden = true;
    $('letters-start').disabled = true;
    return api(LETTERS + (confirm ? '?confirm=true' : ''), {}).then(function (answer) {
      if (answer.status === 409) {
        return answer.clone().json().catch(function () { return {}; }).then(function (error) {
          if (error.error !== 'codes_already_issued') {
            enableLettersStart();
            return lettersRefusal(answer);
          }
          $('letters-confirm-text').textContent = text('lettersConfirmText',
            [number(error.votersWithCode), number(error.letters)]);
          $('letters-confirm').hidden = false;
          $('letters-confirm-yes').focus();
          return null;
        });
      }
      if (!answer.ok) {
        enableLettersStart();
        return lettersRefusal(answer);
      }
      return answer.json().then(showLetters);
    });
  }

  function cancelLetters() {
    if (!lettersJob || !window.confirm(text('lettersCancelConfirm'))) {
      return null;
    }
    return api(LETTERS + '/' + encodeURIComponent(lettersJob.id) + '/cancel', {}).then(function (answer) {
      return answer.ok ? loadLetters().then(loadLettersPlan) : lettersRefusal(answer);
    });
  }

  /** The zip comes with the manager's token, so through fetch; the browser then saves it as a file. */
  function downloadLetters() {
    if (!lettersJob) {
      return null;
    }
    lettersMessage('');
    status(text('lettersDownloading'));
    return api(LETTERS + '/' + encodeURIComponent(lettersJob.id) + '/file').then(function (answer) {
      if (!answer.ok) {
        return lettersRefusal(answer);
      }
      var name = 'isoloir-courriers.zip';
      return answer.blob().then(function (zip) {
        var link = document.createElement('a');
        link.href = URL.createObjectURL(zip);
        link.download = name;
        link.hidden = true;
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 60000);
        status(text('lettersDownloaded', [name]));
      });
    });
  }

  function deleteLetters() {
    if (!lettersJob || !window.confirm(text('lettersDeleteConfirm'))) {
      return null;
    }
    return api(LETTERS + '/' + encodeURIComponent(lettersJob.id) + '/file', undefined, false, 'DELETE')
      .then(function (answer) { return answer.ok ? loadLetters() : lettersRefusal(answer); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('letters-start').addEventListener('click', function () { return startLetters(false); });
    $('letters-confirm-yes').addEventListener('click', function () { return startLetters(true); });
    $('letters-confirm-no').addEventListener('click', function () {
      $('letters-confirm').hidden = true;
      enableLettersStart();
      $('letters-start').focus();
    });
    $('letters-cancel').addEventListener('click', cancelLetters);
    $('letters-download').addEventListener('click', downloadLetters);
    $('letters-delete').addEventListener('click', deleteLetters);
  });

  // --- Paramètres de l'élection (#parametres): GET/PUT election-settings ---

  var SETTINGS_FIELDS = ['electionName', 'votingSiteUrl', 'helpContact', 'timeZone', 'opensAt', 'closesAt'];
  var settingsVersion = null;

  function settingsDate(iso, zone) {
    if (!iso) {
      return text('notSet');
    }
    // dateStyle and timeStyle cannot be combined with timeZoneName: the parts are named one by one.
    return new Intl.DateTimeFormat(lang, {
      weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
      timeZone: zone, timeZoneName: 'short'
    }).format(new Date(iso));
  }

  /** Clears the fields' errors, or shows each problem under its field and moves the focus to the first. */
  function settingsErrors(problems) {
    SETTINGS_FIELDS.forEach(function (field) {
      var input = $('settings-' + field);
      $('settings-' + field + '-error').hidden = true;
      $('settings-' + field + '-error').textContent = '';
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', 'settings-' + field + '-hint');
    });
    var title = document.title.replace(/^(Erreur :|Error:) /, '');
    document.title = problems.length ? text('errorPrefix') + ' ' + title : title;
    problems.forEach(function (problem) {
      var error = $('settings-' + problem.field + '-error');
      var input = $('settings-' + problem.field);
      if (!error || !input) {
        return;
      }
      error.textContent = text(problem.key, problem.parameters || []);
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'settings-' + problem.field + '-error settings-' + problem.field + '-hint');
    });
    var first = problems.map(function (p) { return $('settings-' + p.field); }).filter(Boolean)[0];
    if (first) {
      first.focus();
    }
  }

  function showSettings(settings) {
    settingsVersion = settings.version;
    SETTINGS_FIELDS.forEach(function (field) {
      $('settings-' + field).value = settings[field] || '';
      $('settings-' + field).disabled = !settings.canChange;
    });
    $('settings-save').disabled = !settings.canChange;
    $('settings-readonly').hidden = settings.canChange;
    $('settings-state').textContent = text('settingsState', [text('state.' + settings.state),
      settingsDate(settings.opensAtInstant, settings.timeZone), settingsDate(settings.closesAtInstant, settings.timeZone)]);
    var ignored = $('settings-ignored-list');
    ignored.replaceChildren();
    settings.problems.forEach(function (problem) {
      var li = document.createElement('li');
      li.textContent = problem;
      ignored.appendChild(li);
    });
    $('settings-ignored').hidden = settings.problems.length === 0;
  }

  function loadSettings() {
    status(text('loading'));
    settingsErrors([]);
    return api('election-settings').then(function (answer) {
      if (answer.status === 403) {
        $('settings-form').hidden = true;
        status(text('settingsNotAllowedToRead'));
        return null;
      }
      if (!answer.ok) {
        status(text('loadFailed', [answer.status]));
        return null;
      }
      return answer.json().then(function (settings) {
        $('settings-form').hidden = false;
        showSettings(settings);
        status(text('loaded', [date(new Date().toISOString())]));
      });
    });
  }

  function saveSettings(event) {
    event.preventDefault();
    var form = { version: settingsVersion };
    SETTINGS_FIELDS.forEach(function (field) { form[field] = $('settings-' + field).value; });
    var message = $('settings-message');
    message.textContent = '';
    message.classList.remove('problem');
    return api('election-settings', form, false, 'PUT').then(function (answer) {
      return answer.json().catch(function () { return {}; }).then(function (body) {
        if (answer.ok) {
          var unchanged = body.version === settingsVersion;
          settingsErrors([]);
          showSettings(body);
          message.textContent = unchanged ? text('settingsUnchanged') : text('settingsSaved', [date(new Date().toISOString())]);
          return;
        }
        message.classList.add('problem');
        if (answer.status === 400 && body.fields) {
          settingsErrors(body.fields);
          message.textContent = text('settingsHasErrors', [body.fields.length]);
        } else if (answer.status === 409) {
          message.textContent = text('settingsChanged');
          return api('election-settings').then(function (fresh) { return fresh.ok ? fresh.json().then(showSettings) : null; });
        } else if (answer.status === 403) {
          message.textContent = text('settingsForbidden');
        } else {
          message.textContent = text('settingsFailed', [answer.status]);
        }
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('settings-form').addEventListener('submit', saveSettings);
    $('sign-out').addEventListener('click', signOut);
    $('switch-account').addEventListener('click', function () { signOut(); });
    $('refresh').addEventListener('click', load);
    $('send-start').addEventListener('click', function () {
      return command('identifier-sendings', { channel: $('send-channel').value });
    });
    $('send-pause').addEventListener('click', onJob('pause'));
    $('send-resume').addEventListener('click', onJob('resume'));
    $('send-cancel').addEventListener('click', onJob('cancel'));
    $('send-retry').addEventListener('click', onJob('retry-failed'));
    $('import-form').addEventListener('submit', function (event) {
      event.preventDefault();
      return upload(true);
    });
    $('import-start').addEventListener('click', function () { return upload(false); });
    $('import-file').addEventListener('change', importChoiceChanged);
    $('import-remove-absent').addEventListener('change', importChoiceChanged);
    $('import-pause').addEventListener('click', importControl('pause'));
    $('import-resume').addEventListener('click', importControl('resume'));
    $('import-cancel').addEventListener('click', importControl('cancel'));
    fetch(base + 'messages.json?lang=' + encodeURIComponent(lang), { credentials: 'omit' })
      .then(function (answer) { return answer.json(); })
      .then(function (bundle) { messages = bundle; })
      .then(start)
      .catch(failed);
  });
}());
