import * as api from '../api.js';
import { useApp } from '../app-context.js';
import { PlaceholderCards, ProductCard, SectionTitle } from '../components.js';

const { createElement: h, useEffect, useState } = React;

/** Products whose name or description contains the words typed in the header's search box. */
export function SearchPage({ query }) {
  const { report } = useApp();
  // null while searching, then the answer, or false when the search failed (the notice says why)
  const [found, setFound] = useState(null);

  useEffect(() => {
    setFound(null);
    if (!query) {
      return;
    }
    api.productSearch({ query })
      .then((response) => setFound(api.expectOk(response, 'The search failed').data))
      .catch((error) => {
        setFound(false);
        report(error);
      });
  }, [query, report]);

  if (!query) {
    return h('section', { className: 'page' }, h(SectionTitle, { title: 'Search', subtitle: 'Type what you are looking for in the search box above.' }));
  }
  if (found === null) {
    return h('section', { className: 'page' },
      h(SectionTitle, { title: 'Search', subtitle: `Searching for “${query}”…` }),
      h(PlaceholderCards, { count: 3, label: 'Searching…' }));
  }
  if (found === false) {
    return h('section', { className: 'page' }, h(SectionTitle, { title: 'Search', subtitle: `No results for “${query}”.` }));
  }
  const total = found.meta.page.total_results;
  return h('section', { className: 'page' },
    h(SectionTitle, { title: 'Search', subtitle: `${total} ${total === 1 ? 'product matches' : 'products match'} “${query}”` }),
    h('div', { className: 'cards' }, found.results.map((product) => h(ProductCard, { key: product.id, product }))));
}
