// Pieces every page uses: the header with the search box and cart button, page titles, the footer,
// the failure message, product cards and the add/remove button.

import * as api from './api.js';
import { useApp } from './app-context.js';
import { Link, navigate, useLocation } from './router.js';

const { createElement: h, useEffect, useState } = React;

const MONEY = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** 3.5 → "$3.50". */
export const money = (amount) => MONEY.format(Number(amount));

export function SectionHeader() {
  const { cart } = useApp();
  const count = cart.size === null ? '' : cart.size;
  return h('header', { className: 'site-header' },
    h('div', { className: 'header-inner' },
      h(Link, { to: '/', className: 'brand' },
        h('span', { className: 'brand-name' }, 'microbs'),
        h('span', { className: 'brand-sub' }, 'ecommerce')),
      h(SearchBox),
      h(Link, {
        to: '/cart',
        className: 'cart-button',
        title: 'View Cart',
        'aria-label': cart.size === null ? 'View cart' : `View cart, ${cart.size} ${cart.size === 1 ? 'item' : 'items'}`,
      },
      h(CartIcon),
      h('span', { className: 'cart-count', 'aria-hidden': true }, count))));
}

function CartIcon() {
  return h('svg', { viewBox: '0 0 24 24', width: 22, height: 22, 'aria-hidden': true, focusable: 'false' },
    h('path', {
      d: 'M2 3h3l2.6 11.2a2 2 0 0 0 2 1.6h7.6a2 2 0 0 0 1.9-1.4L21 7H6', fill: 'none', stroke: 'currentColor',
      strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round',
    }),
    h('circle', { cx: 10, cy: 20, r: 1.7, fill: 'currentColor' }),
    h('circle', { cx: 17, cy: 20, r: 1.7, fill: 'currentColor' }));
}

function SearchBox() {
  const location = useLocation();
  const current = location.path === '/search' ? location.query.get('q') || '' : '';
  const [query, setQuery] = useState(current);
  useEffect(() => setQuery(current), [current]);
  const onSubmit = (event) => {
    event.preventDefault();
    navigate(`/search?q=${encodeURIComponent(query.trim())}`);
  };
  return h('form', { className: 'search', role: 'search', onSubmit },
    h('label', { htmlFor: 'search-query', className: 'visually-hidden' }, 'Search products'),
    h('input', {
      id: 'search-query', type: 'search', name: 'q', placeholder: 'Search products', value: query,
      onChange: (event) => setQuery(event.target.value), maxLength: 200,
    }),
    h('button', { type: 'submit', className: 'button' }, 'Search'));
}

/** The page's heading; it takes the focus after a navigation so screen readers announce the new page. */
export function SectionTitle({ title, subtitle }) {
  useEffect(() => {
    document.title = `${title} - microbs - ecommerce`;
  }, [title]);
  return h('div', { className: 'section-title' },
    h('h1', { id: 'page-title', tabIndex: -1 }, title),
    subtitle && h('p', { className: 'subtitle' }, subtitle));
}

export function SectionFooter() {
  return h('footer', { className: 'site-footer' },
    h('p', null, 'This store is a simulation.'),
    h('p', { className: 'footer-links' },
      h('a', { className: 'button inverted', href: 'https://microbs.io' }, 'Learn more'),
      h('a', { className: 'button inverted', href: 'https://github.com/microbs-io/microbs' }, 'Contribute')));
}

/** The message of the last call that failed, until dismissed or the next page. */
export function Notice() {
  const { notice, dismiss } = useApp();
  return h('div', { className: 'notice-area', role: 'alert' },
    notice && h('div', { className: 'notice' },
      h('p', null, notice),
      h('button', { type: 'button', className: 'button small', onClick: dismiss }, 'Dismiss')));
}

export function ProductImage({ product, className = '' }) {
  return h('img', {
    className: `product-image ${className}`, src: api.imageUrl(product), alt: product.name, width: 640, height: 480,
  });
}

export function ProductCard({ product }) {
  return h('article', { className: 'card', 'data-product-id': product.id },
    h(ProductImage, { product }),
    h('div', { className: 'card-body' },
      h('h2', { className: 'card-title' }, h(Link, { to: `/products/${product.id}` }, product.name)),
      product.description && product.description !== product.name && h('p', { className: 'card-description' }, product.description),
      h('p', { className: 'price' }, money(product.price))),
    h('div', { className: 'card-actions' }, h(CartButton, { product })));
}

/** "Add to cart", or once added "✓ Added", which turns into "✗ Remove" under the pointer or the keyboard focus. */
export function CartButton({ product }) {
  const app = useApp();
  const [pending, setPending] = useState(false);
  const inCart = app.cartHas(product.id);
  const toggle = async () => {
    setPending(true);
    try {
      if (inCart) {
        api.expectOk(await api.cartItemRemove(product.id), `${product.name} could not be removed from your cart`);
      } else {
        api.expectOk(await api.cartItemAdd(product.id, 1), `${product.name} could not be added to your cart`);
      }
      await app.refreshCart();
    } catch (error) {
      app.report(error);
    } finally {
      setPending(false);
    }
  };
  if (inCart) {
    return h('button', {
      type: 'button', className: 'button added', onClick: toggle, disabled: pending, 'aria-busy': pending,
      'aria-label': `Added: remove ${product.name} from the cart`,
    },
    h('span', { className: 'when-idle' }, '✓ Added'),
    h('span', { className: 'when-active' }, '✗ Remove'));
  }
  return h('button', { type: 'button', className: 'button primary', onClick: toggle, disabled: pending, 'aria-busy': pending },
    'Add to cart', h('span', { className: 'visually-hidden' }, `: ${product.name}`));
}

/** Grey cards while products load. */
export function PlaceholderCards({ count, label }) {
  return h('div', { className: 'cards', 'aria-busy': true },
    h('p', { className: 'visually-hidden', role: 'status' }, label),
    Array.from({ length: count }, (_, i) => h('div', { key: i, className: 'card placeholder', 'aria-hidden': true },
      h('div', { className: 'placeholder-image' }),
      h('div', { className: 'placeholder-line' }),
      h('div', { className: 'placeholder-line short' }))));
}
