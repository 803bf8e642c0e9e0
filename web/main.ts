import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { applyDocumentLocale, currentLocale, i18n } from './i18n'
import './styles/base.css'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
applyDocumentLocale(currentLocale())
app.mount('#app')
