import { createApp } from 'vue';
import 'vant/es/toast/style';
import 'vant/es/dialog/style';
import 'vant/es/notify/style';
import App from './App.vue';
import { router } from './router';
import { i18n } from './i18n/i18n';
import './app.css';

createApp(App).use(router).use(i18n).mount('#app');
