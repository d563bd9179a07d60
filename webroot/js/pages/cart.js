import * as api from '../api.js';
import { useApp } from '../app-context.js';
import { ProductImage, SectionTitle, money } from '../components.js';
import { Link } from '../router.js';

const { createElement: h, useState } = React;

/** "Your Cart": each line with −/+ and Remove, then the subtotal and "Proceed to Checkout". */
export function CartPage() {
  const app = useApp();
  const [busy, setBusy] = useState(false);
  const { items, subtotal } = app.cart;

  const change = async (call, whatFailed) => {
    setBusy(true);
    try {
      api.expectOk(await call(), whatFailed);
      await app.refreshCart();
    } catch (error) {
      app.report(error);
    } finally {
      setBusy(false);
    }
  };

  if (items === null) {
    return h('section', { className: 'page' }, h(SectionTitle, { title: 'Your Cart' }), h('p', { role: 'status' }, 'Loading your cart…'));
  }
  if (items.length === 0) {
    return h('section', { className: 'page' },
      h(SectionTitle, { title: 'Your Cart', subtitle: 'Your cart is empty' }),
      h(Link, { to: '/', className: 'button primary' }, 'See the special offers'));
  }
  return h('section', { className: 'page with-bar' },
    h(SectionTitle, { title: 'Your Cart' }),
    h('ul', { className: 'cart-items', 'aria-busy': busy }, items.map(({ id, quantity, product }) =>
      h('li', { key: id, className: 'cart-item', 'data-product-id': id },
        h(ProductImage, { product, className: 'thumbnail' }),
        h('div', { className: 'cart-item-details' },
          h('h2', { className: 'cart-item-name' }, h(Link, { to: `/products/${id}` }, product.name)),
          h('p', { className: 'meta' }, `${money(product.price)} each`),
          h('div', { className: 'quantity', role: 'group', 'aria-label': `Quantity of ${product.name}` },
            h('button', {
              type: 'button', className: 'button circular', disabled: busy, 'aria-label': `One ${product.name} less`,
              onClick: () => change(() => api.cartItemAdd(id, Math.max(quantity - 1, 0)), `${product.name} could not be changed`),
            }, '−'),
            h('span', { className: 'quantity-value', 'aria-live': 'polite' }, quantity),
            h('button', {
              type: 'button', className: 'button circular', disabled: busy, 'aria-label': `One ${product.name} more`,
              onClick: () => change(() => api.cartItemAdd(id, quantity + 1), `${product.name} could not be changed`),
            }, '+'),
            h('button', {
              type: 'button', className: 'button subtle', disabled: busy, 'aria-label': `Remove ${product.name}`,
              onClick: () => change(() => api.cartItemRemove(id), `${product.name} could not be removed`),
            }, 'Remove'))),
        h('p', { className: 'line-total' }, money(product.price * quantity))))),
    subtotal > 0 && h('div', { className: 'bottom-bar' },
      h('div', { className: 'bottom-bar-inner' },
        h('p', { className: 'subtotal' }, 'Subtotal ', h('strong', null, money(subtotal))),
        h(Link, { to: '/checkout', className: 'button primary' }, 'Proceed to Checkout'))));
}
