import * as api from '../api.js';
import { useApp } from '../app-context.js';
import { PlaceholderCards, ProductCard, SectionTitle } from '../components.js';

const { createElement: h, useEffect, useState } = React;

/** "Special Offers": the six best-rated products, as the reference's home page shows them. */
export function HomePage() {
  const { report } = useApp();
  const [products, setProducts] = useState(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setFailed(false);
    api.productSearch({ query: '', page: { size: 6 } })
      .then((response) => setProducts(api.expectOk(response, 'The special offers could not be loaded').data.results))
      .catch((error) => {
        setFailed(true);
        report(error);
      });
  }, [attempt, report]);

  return h('section', { className: 'page' },
    h(SectionTitle, { title: 'Special Offers' }),
    failed && !products
      ? h('p', null, 'The offers are not available right now. ',
        h('button', { type: 'button', className: 'button', onClick: () => setAttempt(attempt + 1) }, 'Try again'))
      : products === null
        ? h(PlaceholderCards, { count: 3, label: 'Loading the special offers…' })
        : h('div', { className: 'cards' }, products.map((product) => h(ProductCard, { key: product.id, product }))));
}
