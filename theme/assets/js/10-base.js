// Progressive enhancement only: every page works without JavaScript.
// Each capability adds its own file in theme/assets/js/; they are joined into one deferred site.js.
document.documentElement.classList.add("js");
