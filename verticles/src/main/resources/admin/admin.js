// The control page: the variants' switches and parameters, the loadgen's controls and the timeline, all through the
// admin API of this management server. The token is typed once and kept for this tab only (sessionStorage).
const TOKEN = 'ecommerce.adminToken';
const $ = (id) => document.getElementById(id);

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN)}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN);
    showTokenForm();
  }
  if (!response.ok) {
    const error = new Error(`${answer.error || response.statusText} (${response.status})`);
    error.status = response.status;
    throw error;
  }
  return answer;
}

function notify(text) {
  $('notice-text').textContent = text;
  $('notice').hidden = false;
}

function element(tag, attributes = {}, ...children) {
  const made = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => {
    if (name in made && typeof value !== 'string') made[name] = value; else made.setAttribute(name, value);
  });
  children.forEach((child) => made.append(child));
  return made;
}

function parameterInput(variant, parameter, value) {
  const id = `${variant.name}-${parameter.name}`;
  let input;
  if (parameter.type === 'boolean') {
    input = element('input', { type: 'checkbox', id, checked: Boolean(value) });
  } else if (parameter.enum) {
    input = element('select', { id }, ...parameter.enum.map((choice) => element('option', { value: choice, selected: choice === value }, choice)));
  } else if (parameter.type === 'string') {
    input = element('input', { type: 'text', id, value: value ?? '', placeholder: 'any' });
  } else {
    input = element('input', { type: 'number', id, value: String(value), min: String(parameter.minimum),
      max: String(parameter.maximum), step: parameter.type === 'integer' ? '1' : 'any' });
  }
  input.dataset.parameter = parameter.name;
  input.dataset.type = parameter.type;
  return element('label', { for: id, title: parameter.meaning }, parameter.name, input);
}

function parametersOf(item) {
  const params = {};
  item.querySelectorAll('[data-parameter]').forEach((input) => {
    const { parameter, type } = input.dataset;
    params[parameter] = type === 'boolean' ? input.checked
      : type === 'integer' ? parseInt(input.value, 10)
        : type === 'number' ? parseFloat(input.value) : input.value;
  });
  return params;
}

async function flip(name, on, item) {
  try {
    if (on) await call('PUT', `/variants/${name}`, parametersOf(item));
    else await call('DELETE', `/variants/${name}`);
  } catch (error) {
    notify(`${name} could not be switched ${on ? 'on' : 'off'}: ${error.message}`);
  }
  refresh();
}

function renderVariants(variants) {
  const list = $('variants');
  variants.forEach((variant) => {
    let item = list.querySelector(`[data-variant="${variant.name}"]`);
    if (!item) {
      const toggle = element('input', { type: 'checkbox', role: 'switch', 'aria-label': `${variant.name} on` });
      toggle.addEventListener('change', () => flip(variant.name, toggle.checked, item));
      const apply = element('button', { type: 'button', class: 'button small' }, 'Apply');
      apply.addEventListener('click', () => flip(variant.name, true, item));
      item = element('li', { class: 'variant', 'data-variant': variant.name },
        element('h3', {}, variant.name, element('span', { class: 'meta' }, ` · ${variant.service}`)),
        element('label', { class: 'switch' }, toggle, element('span', { class: 'state' }, 'off')),
        element('p', { class: 'symptom' }, variant.symptom),
        element('div', { class: 'params' }, ...variant.parameters.map((p) => parameterInput(variant, p, p.default)),
          ...(variant.parameters.length ? [apply] : [])));
      list.append(item);
    }
    item.classList.toggle('on', variant.on);
    item.querySelector('[role=switch]').checked = variant.on;
    item.querySelector('.state').textContent = variant.on
      ? `on since ${new Date(variant.since).toLocaleTimeString()} on ${variant.seen_on.length} member(s)` : 'off';
  });
}

function renderTimeline(history) {
  $('timeline').replaceChildren(...history.slice().reverse().slice(0, 200).map((entry) => element('li', {},
    element('time', { datetime: entry.time }, new Date(entry.time).toLocaleTimeString()), ' ',
    element('span', { class: entry.state }, `${entry.variant} ${entry.state}`),
    ` ${JSON.stringify(entry.params)} by ${entry.member}${entry.seed == null ? '' : ` (seed ${entry.seed})`}`)));
}

function renderLoadgen(status) {
  const box = $('loadgen');
  if (!box.querySelector('#users')) {
    const users = element('input', { type: 'number', id: 'users', min: '0', max: '10000', step: '1' });
    const rate = element('input', { type: 'number', id: 'rate', min: '0.1', max: '100000', step: 'any' });
    const setUsers = element('button', { type: 'button', class: 'button small' }, 'Set users');
    const setRate = element('button', { type: 'button', class: 'button small' }, 'Set rate');
    const spike = element('button', { type: 'button', class: 'button small', id: 'spike' }, 'Spike');
    const steer = (method, path, body) => call(method, path, body).catch((error) => notify(`the loadgen: ${error.message}`)).then(refresh);
    setUsers.addEventListener('click', () => steer('PUT', '/loadgen', { users: parseInt(users.value, 10) }));
    setRate.addEventListener('click', () => steer('PUT', '/loadgen', { rate: parseFloat(rate.value) }));
    spike.addEventListener('click', () => steer(spike.getAttribute('aria-pressed') === 'true' ? 'DELETE' : 'PUT', '/loadgen/spike'));
    box.replaceChildren(element('label', { for: 'users' }, 'Users', users), setUsers,
      element('label', { for: 'rate' }, 'Iterations/s', rate), setRate, spike, element('p', { class: 'status' }));
  }
  const line = box.querySelector('.status');
  if (!status) {
    line.textContent = 'No loadgen runs in this JVM (SERVICES does not include loadgen).';
    return;
  }
  const last = status.last_second;
  line.textContent = `${status.state}, ${status.plan || 'no load'}${last ? `: ${Number(last.requests_per_second).toFixed(1)} requests/s, p99 ${Math.round(last.p99_ms)} ms, ${last.errors} errors in the last second` : ''}`;
  box.querySelector('#spike').setAttribute('aria-pressed', String(Boolean(status.traffic_spike)));
  box.querySelector('#spike').textContent = status.traffic_spike ? 'End the spike' : 'Spike';
  for (const field of ['users', 'rate']) {
    const input = box.querySelector(`#${field}`);
    if (document.activeElement !== input && status[field] !== undefined) input.value = status[field];
  }
}

async function refresh() {
  if (!sessionStorage.getItem(TOKEN)) return;
  try {
    const [described, timeline] = await Promise.all([call('GET', '/variants'), call('GET', '/variants/history')]);
    renderVariants(described.variants);
    renderTimeline(timeline.history);
    $('member').textContent = `${described.members.length} member(s) in the cluster`;
    $('panels').hidden = false;
    $('token-form').hidden = true;
    renderLoadgen(await call('GET', '/loadgen').catch((error) => { if (error.status === 404) return null; throw error; }));
  } catch (error) {
    if (sessionStorage.getItem(TOKEN)) notify(error.message);
  }
}

function showTokenForm() {
  $('panels').hidden = true;
  $('token-form').hidden = false;
  $('token').focus();
}

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN, $('token').value.trim());
  $('notice').hidden = true;
  refresh();
});
$('notice-dismiss').addEventListener('click', () => { $('notice').hidden = true; });

if (sessionStorage.getItem(TOKEN)) refresh(); else showTokenForm();
setInterval(refresh, 2000);
