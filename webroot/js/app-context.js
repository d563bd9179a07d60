// What every page shares: the cart (as the reference computes it) and the message shown when a call fails.

import * as api from './api.js';

const { createElement: h, createContext, useCallback, useContext, useEffect, useMemo, useState } = React;

const AppContext = createContext(null);

export const useApp = () => useContext(AppContext);

export function AppProvider({ children }) {
  const [cart, setCart] = useState({ size: null, subtotal: null, items: null });
  const [notice, setNotice] = useState(null);

  /** The cart's lines with their products, its item count and subtotal (the reference's refreshCart). */
  const refreshCart = useCallback(async () => {
    const response = api.expectOk(await api.cartGet(), 'Your cart could not be loaded');
    const quantities = (response.data && response.data.data) || {};
    const ids = Object.keys(quantities);
    if (ids.length === 0) {
      setCart({ size: 0, subtotal: 0.0, items: [] });
      return;
    }
    const products = api.expectOk(await api.productDocuments(ids), 'The products in your cart could not be loaded').data;
    let size = 0;
    let subtotal = 0.0;
    const items = [];
    for (const product of products) {
      const quantity = parseInt(quantities[product.id], 10);
      size += quantity;
      subtotal += parseFloat(product.price) * quantity;
      items.push({ id: product.id, quantity, product });
    }
    setCart({ size, subtotal: Math.round(subtotal * 100) / 100, items });
  }, []);

  const report = useCallback((error) => setNotice(error.message || String(error)), []);

  useEffect(() => {
    refreshCart().catch(report);
  }, [refreshCart, report]);

  const value = useMemo(() => ({
    cart,
    refreshCart,
    cartHas: (id) => Boolean(cart.items && cart.items.some((item) => item.id === id && item.quantity > 0)),
    notice,
    report,
    dismiss: () => setNotice(null),
  }), [cart, refreshCart, notice, report]);

  return h(AppContext.Provider, { value }, children);
}
