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
    history.replaceState(null, '', base + (view === '#envoi' ? view : ''));
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
  function api(path, body, retried) {
    var request = {
      method: body === undefined ? 'GET' : 'POST', credentials: 'omit',
      headers: { Authorization: 'Bearer ' + tokens.access_token, Accept: 'application/json' }
    };
    if (body !== undefined) {
      request.headers['Content-Type'] = 'application/json';
      request.body = JSON.stringify(body);
    }
    return fetch('/admin/realms/' + encodeURIComponent(realm) + '/isoloir/' + path, request).then(function (answer) {
      if (answer.status === 401 && !retried && tokens.refresh_token) {
        return tokenRequest({ grant_type: 'refresh_token', client_id: clientId, refresh_token: tokens.refresh_token })
          .then(function (fresh) { signedIn(fresh); return api(path, body, true); }, function () { return signIn(); });
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

  /** One page, two views: the dashboard (#tableau, the default) and the identifier sending (#envoi). */
  function route() {
    var sending = location.hash === '#envoi';
    var title = text(sending ? 'sendingTitle' : 'title');
    $('page-title').textContent = title;
    document.title = title + ' · ' + document.title.split(' · ').slice(1).join(' · ');
    document.querySelectorAll('#sections a').forEach(function (link) {
      if ((link.dataset.view === 'sending') === sending) {
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
          $('sending-message').textContent = text('sendRefused', [error.error_description || answer.status]);
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

  document.addEventListener('DOMContentLoaded', function () {
    $('sign-out').addEventListener('click', signOut);
    $('switch-account').addEventListener('click', function () { signOut(); });
    $('refresh').addEventListener('click', load);
    $('send-start').addEventListener('click', function () {
      return command('identifier-sendings', { channel: $('send-channel').value });
    });
    $('send-pause').addEventListener('click', onJob('pause'));
    $('send-resume').addEventListener('click', onJob('resume'));
    $('send-cancel').addEventListener('click', onJob('cancel'));
    fetch(base + 'messages.json?lang=' + encodeURIComponent(lang), { credentials: 'omit' })
      .then(function (answer) { return answer.json(); })
      .then(function (bundle) { messages = bundle; })
      .then(start)
      .catch(failed);
  });
}());
