import { App } from './app.js';

ReactDOM.createRoot(document.getElementById('root')).render(React.createElement(App));
