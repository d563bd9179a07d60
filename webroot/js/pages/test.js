import * as api from '../api.js';
import { SectionTitle } from '../components.js';

const { createElement: h, useEffect, useState } = React;

/** The reference's /test page: what the web gateway's /healthz answers. */
export function TestPage() {
  const [health, setHealth] = useState('Loading…');

  useEffect(() => {
    api.healthz()
      .then((response) => setHealth(JSON.stringify(response.data, null, 2)))
      .catch((error) => setHealth(error.message));
  }, []);

  return h('section', { className: 'page' },
    h(SectionTitle, { title: 'Test', subtitle: 'GET /healthz' }),
    h('pre', { className: 'healthz', 'aria-live': 'polite' }, health));
}
