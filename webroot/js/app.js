// The storefront: header, the page for the current route, footer. Routes as the reference's
// (/, /cart, /checkout, /confirmation, /test, anything else Not Found) plus /products/<id> and /search.

import { AppProvider, useApp } from './app-context.js';
import { Notice, SectionFooter, SectionHeader } from './components.js';
import { CartPage } from './pages/cart.js';
import { CheckoutPage } from './pages/checkout.js';
import { ConfirmationPage } from './pages/confirmation.js';
import { HomePage } from './pages/home.js';
import { NotFoundPage } from './pages/not-found.js';
import { ProductPage } from './pages/product.js';
import { SearchPage } from './pages/search.js';
import { TestPage } from './pages/test.js';
import { useLocation } from './router.js';

const { createElement: h, useEffect, useRef } = React;

function page({ path, query }) {
  switch (path) {
    case '/': return h(HomePage);
    case '/cart': return h(CartPage);
    case '/checkout': return h(CheckoutPage);
    case '/confirmation': return h(ConfirmationPage, { orderId: query.get('order_id') });
    case '/test': return h(TestPage);
    case '/search': return h(SearchPage, { query: (query.get('q') || '').trim() });
    default: {
      const product = path.match(/^\/products\/([^/]+)$/);
      return product ? h(ProductPage, { id: decodeURIComponent(product[1]) }) : h(NotFoundPage);
    }
  }
}

function Layout() {
  const location = useLocation();
  const { dismiss } = useApp();
  const first = useRef(true);

  // After an in-app navigation: old messages go, the view starts at the top, and the focus moves to
  // the new page's heading so that keyboard and screen-reader users land on it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    dismiss();
    window.scrollTo(0, 0);
    const title = document.getElementById('page-title');
    if (title) {
      title.focus();
    }
  }, [location.path, location.query.toString()]);

  return h(React.Fragment, null,
    h('a', { className: 'skip-link', href: '#main' }, 'Skip to content'),
    h(SectionHeader),
    h('main', { id: 'main', className: 'container', tabIndex: -1 },
      h(Notice),
      page(location)),
    h(SectionFooter));
}

export function App() {
  return h(AppProvider, null, h(Layout));
}
