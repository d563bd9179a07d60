import * as api from '../api.js';
import { useApp } from '../app-context.js';
import { SectionTitle, money } from '../components.js';
import { Link, navigate } from '../router.js';
import { testCustomer } from '../test-data.js';

const { createElement: h, useRef, useState } = React;

const newKey = () => (window.crypto && crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/** The reference's fields, in its order, with its placeholders (scripts find them by these). */
const SHIPPING = [
  ['street_1', 'Street', 'address-line1'],
  ['street_2', 'Street (2)', 'address-line2'],
  ['city', 'City', 'address-level2'],
  ['state', 'State', 'address-level1'],
  ['postal_code', 'Postal Code', 'postal-code'],
  ['country', 'Country', 'country'],
];
const CARD = [
  ['name', 'Name on Card', 'cc-name'],
  ['number', 'Card Number', 'cc-number', 'numeric'],
  ['expiration', 'Card Expiration', 'cc-exp'],
  ['security_code', 'Card Security Code', 'cc-csc', 'numeric'],
  ['postal_code', 'Card Postal Code', 'postal-code'],
];

function Fields({ legend, prefix, fields, values, onChange }) {
  return h('fieldset', { className: 'fields' },
    h('legend', null, legend),
    fields.map(([name, label, autoComplete, inputMode]) => h('div', { key: name, className: 'field' },
      h('label', { htmlFor: `${prefix}-${name}` }, label),
      h('input', {
        id: `${prefix}-${name}`, name, placeholder: label, value: values[name], autoComplete, inputMode,
        onChange: (event) => onChange({ ...values, [name]: event.target.value }),
      }))));
}

/** "Checkout": the form pre-filled with made-up test data (a Luhn-valid test card), and "Submit Payment". */
export function CheckoutPage() {
  const app = useApp();
  const [customer] = useState(testCustomer);
  const [address, setAddress] = useState(customer.address);
  const [card, setCard] = useState(customer.card);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState(null);
  // Kept until the shop answers, so submitting again after a lost answer cannot pay twice.
  const idempotencyKey = useRef(newKey());
  const { size, subtotal } = app.cart;

  const onSubmit = async (event) => {
    event.preventDefault();
    setSubmitting(true);
    setFailure(null);
    const data = {
      amount: subtotal,
      shipping: { address },
      billing: { address, card },
    };
    try {
      const response = await api.checkout(data, idempotencyKey.current);
      idempotencyKey.current = newKey();
      await app.refreshCart().catch(app.report);
      if (response.status === 200) {
        const orderId = response.data && response.data.order_id;
        navigate(orderId ? `/confirmation?order_id=${encodeURIComponent(orderId)}` : '/confirmation');
        return;
      }
      setFailure(`The payment did not go through: ${api.describe(response)}.`);
    } catch (error) {
      setFailure(`${error.message} Submitting again is safe: you will not be charged twice.`);
    } finally {
      setSubmitting(false);
    }
  };

  return h('section', { className: 'page with-bar' },
    h(SectionTitle, { title: 'Checkout' }),
    h('p', { className: 'warning' }, "This store is only a simulation. Don't submit any real personal information."),
    size === 0 && h('p', null, 'Your cart is empty. ', h(Link, { to: '/' }, 'Add something first.')),
    app.cart.items && app.cart.items.length > 0 && h('section', { className: 'order-summary', 'aria-labelledby': 'order-summary-title' },
      h('h2', { id: 'order-summary-title' }, 'Your order'),
      h('ul', null, app.cart.items.map(({ id, quantity, product }) => h('li', { key: id },
        h('span', null, `${quantity} × ${product.name}`),
        h('span', null, money(product.price * quantity)))))),
    h('form', { id: 'checkout-form', onSubmit, noValidate: true },
      h('div', { className: 'checkout-columns' },
        h(Fields, { legend: 'Shipping Address', prefix: 'shipping', fields: SHIPPING, values: address, onChange: setAddress }),
        h(Fields, { legend: 'Payment Method', prefix: 'card', fields: CARD, values: card, onChange: setCard }))),
    h('div', { className: 'bottom-bar' },
      h('div', { className: 'bottom-bar-inner' },
        failure && h('p', { className: 'inline-error', role: 'alert' }, failure),
        h('p', { className: 'subtotal' }, 'Subtotal ', h('strong', null, subtotal === null ? '…' : money(subtotal))),
        h('button', {
          type: 'submit', form: 'checkout-form', className: 'button primary', disabled: submitting || !size,
          'aria-busy': submitting,
        }, submitting ? 'Submitting…' : 'Submit Payment'))));
}
