import { SectionTitle } from '../components.js';
import { Link } from '../router.js';

const { createElement: h } = React;

export function NotFoundPage() {
  return h('section', { className: 'page centered' },
    h(SectionTitle, { title: 'Not Found', subtitle: "We couldn't find that page." }),
    h('p', { className: 'big-emoji', 'aria-hidden': true }, '🤔'),
    h(Link, { to: '/', className: 'button primary' }, 'Back to the special offers'));
}
