/* The event form's place: suggestions from the site's own gazetteer (/places/) as the
   member types; choosing one fills the city, country, time zone and coordinates, which
   stay editable. */
(function () {
  "use strict";
  var input = document.querySelector("input[data-places-url]");
  var list = document.getElementById("place-suggestions");
  if (!input || !list) return;
  var found = {};
  var timer = null;

  function field(name) { return input.form.elements.namedItem(name); }

  function choose(place) {
    field("city").value = place.name;
    var country = field("country");
    if (country) country.value = place.country;
    var zone = field("timezone");
    if (zone) {
      if (!zone.querySelector("option[value='" + place.timezone + "']")) {
        zone.add(new Option(place.timezone, place.timezone));
      }
      zone.value = place.timezone;
    }
    field("latitude").value = place.latitude;
    field("longitude").value = place.longitude;
  }

  input.addEventListener("input", function () {
    var text = input.value.trim();
    if (found[text]) { choose(found[text]); return; }
    clearTimeout(timer);
    if (text.length < 2) return;
    timer = setTimeout(function () {
      fetch(input.dataset.placesUrl + "?q=" + encodeURIComponent(text))
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          list.replaceChildren();
          answer.results.forEach(function (place) {
            found[place.label] = place;
            var option = document.createElement("option");
            option.value = place.label;
            list.appendChild(option);
          });
        });
    }, 200);
  });
})();
