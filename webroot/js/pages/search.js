import * as api from '../api.js';
import { useApp } from '../app-context.js';
import { PlaceholderCards, ProductCard, SectionTitle } from '../components.js';

const { createElement: h, useEffect, useState } = React;

/** Products whose name or description contains the words typed in the header's search box. */
export function SearchPage({ query }) {
  const { report } = useApp();
  const [found, setFound] = useState(null);

  useEffect(() => {
    setFound(null);
    if (!query) {
      return;
    }
    api.productSearch({ query })
      .then((response) => setFound(api.expectOk(response, 'The search failed').data))
      .catch(report);
  }, [query, report]);

  if (!query) {
    return h('section', { className: 'page' }, h(SectionTitle, { title: 'Search', subtitle: 'Type what you are looking for in the search box above.' }));
  }
  const total = found && found.meta.page.total_results;
  const subtitle = found === null
    ? `Searching for “${query}”…`
    : `${total} ${total === 1 ? 'product matches' : 'products match'} “${query}”`;
  return h('section', { className: 'page' },
    h(SectionTitle, { title: 'Search', subtitle }),
    found === null
      ? h(PlaceholderCards, { count: 3, label: 'Searching…' })
      : h('div', { className: 'cards' }, found.results.map((product) => h(ProductCard, { key: product.id, product }))));
}
