// Made-up customers for the checkout form, as the reference pre-fills it (it used faker and a card
// generator): a US address, a name, and one of the card networks' well-known test numbers, which pass
// the Luhn check.

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger', 'Radia', 'Tim'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Dijkstra', 'Perlman', 'Berners-Lee'];
const STREETS = ['Maple Street', 'Oak Avenue', 'Pine Road', 'Cedar Lane', 'Elm Drive', 'Birch Court', 'Willow Way', 'Spruce Boulevard'];
const PLACES = [
  ['Portland', 'OR', '97205'], ['Seattle', 'WA', '98101'], ['Austin', 'TX', '73301'], ['Denver', 'CO', '80202'],
  ['Boston', 'MA', '02108'], ['Madison', 'WI', '53703'], ['Raleigh', 'NC', '27601'], ['Tucson', 'AZ', '85701'],
];

// Visa and Mastercard test numbers, 16 digits each (a 15-digit Amex one would want a 4-digit security code).
const TEST_CARDS = ['4242424242424242', '4000056655665556', '4111111111111111', '4012888888881881',
  '5555555555554444', '5105105105105100'];

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const digits = (count) => Array.from({ length: count }, () => Math.floor(Math.random() * 10)).join('');

/** A month one to four years ahead, as mm/yy. */
function futureExpiration() {
  const date = new Date();
  date.setMonth(date.getMonth() + 12 + Math.floor(Math.random() * 36));
  return `${String(date.getMonth() + 1).padStart(2, '0')}/${String(date.getFullYear() % 100).padStart(2, '0')}`;
}

export function testCustomer() {
  const [city, state, postalCode] = pick(PLACES);
  return {
    address: {
      street_1: `${100 + Math.floor(Math.random() * 9800)} ${pick(STREETS)}`,
      street_2: Math.random() > 0.8 ? `Apt. ${1 + Math.floor(Math.random() * 400)}` : '',
      city,
      state,
      postal_code: postalCode,
      country: 'US',
    },
    card: {
      name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
      number: pick(TEST_CARDS),
      expiration: futureExpiration(),
      security_code: digits(3),
      postal_code: postalCode,
    },
  };
}
