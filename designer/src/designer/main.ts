import { createApp } from 'vue';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import App from './App.vue';
import { router } from './router';
import { i18n } from './i18n/i18n';
import './app.css';

createApp(App).use(router).use(i18n).mount('#app');
