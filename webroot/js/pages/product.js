import * as api from '../api.js';
import { useApp } from '../app-context.js';
import { CartButton, ProductImage, SectionTitle, money } from '../components.js';
import { Link } from '../router.js';
import { NotFoundPage } from './not-found.js';

const { createElement: h, useEffect, useState } = React;

const PRODUCT_ID = /^[0-9a-f]{8}$/i;

/** One product: its picture, description, rating and price, with the add/remove button. */
export function ProductPage({ id }) {
  const { cart, report } = useApp();
  const [product, setProduct] = useState(undefined);
  const valid = PRODUCT_ID.test(id);

  useEffect(() => {
    setProduct(undefined);
    if (!valid) {
      return;
    }
    api.productDocuments([id])
      .then((response) => setProduct(api.expectOk(response, 'The product could not be loaded').data[0] || null))
      .catch(report);
  }, [id, valid, report]);

  if (!valid || product === null) {
    return h(NotFoundPage);
  }
  if (product === undefined) {
    return h('section', { className: 'page' }, h('p', { role: 'status' }, 'Loading the product…'));
  }
  const line = cart.items && cart.items.find((item) => item.id === product.id);
  const facts = [product.type, product.temperature, product.alcoholic].filter(Boolean);
  return h('section', { className: 'page product-page' },
    h(ProductImage, { product, className: 'large' }),
    h('div', { className: 'product-details' },
      h(SectionTitle, { title: product.name, subtitle: product.description && product.description !== product.name ? product.description : null }),
      h('p', { className: 'price large' }, money(product.price)),
      h('p', { className: 'rating' }, product.reviews > 0
        ? `Rated ${Number(product.rating).toFixed(1)} out of 5 (${product.reviews} ${product.reviews === 1 ? 'review' : 'reviews'})`
        : 'Not rated yet'),
      h('ul', { className: 'tags', 'aria-label': 'Kind of product' }, facts.map((fact) => h('li', { key: fact }, fact))),
      h('div', { className: 'product-actions' },
        h(CartButton, { product }),
        line && h(Link, { to: '/cart', className: 'button' }, `View cart (${line.quantity} in it)`))));
}
