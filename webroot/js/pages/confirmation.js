import * as api from '../api.js';
import { SectionTitle, money } from '../components.js';
import { Link } from '../router.js';

const { createElement: h, useEffect, useState } = React;

/** "Hooray!", with the order number checkout gave and what the order holds. */
export function ConfirmationPage({ orderId }) {
  const [order, setOrder] = useState(null);
  const [failure, setFailure] = useState(null);

  useEffect(() => {
    if (!orderId) {
      return;
    }
    api.order(orderId)
      .then((response) => setOrder(api.expectOk(response, 'The order details could not be loaded').data))
      .catch((error) => setFailure(error.message));
  }, [orderId]);

  const items = order && order.lines ? order.lines.reduce((sum, line) => sum + line.quantity, 0) : 0;
  return h('section', { className: 'page centered' },
    h(SectionTitle, { title: 'Hooray!', subtitle: 'Your order has been placed.' }),
    h('p', { className: 'big-emoji', 'aria-hidden': true }, '🙌'),
    orderId && h('p', { className: 'order-number' }, 'Order number ', h('strong', { id: 'order-id' }, orderId)),
    order && h('p', null, `${items} ${items === 1 ? 'item' : 'items'}, ${money(order.total)} in total.`),
    failure && h('p', { className: 'inline-error', role: 'alert' }, failure),
    h(Link, { to: '/', className: 'button primary' }, 'Keep shopping'));
}
