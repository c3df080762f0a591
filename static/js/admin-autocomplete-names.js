'use strict';
// Names for the admin's autocomplete boxes (select2 4.0, as Django vendors it), which axe-core
// otherwise reports (registry/admin/widgets.py says why). For each box:
//  - the box (role=combobox) is named by a hidden copy of its field's name followed by its value,
//    e.g. "Country Cambodia", instead of by the value alone (or nothing, when empty);
//  - the value's span loses role=textbox, a second, nameless input inside the box;
//  - the search fields, inline (several values) or in the open drop-down, are named too.
// The field's name is its <label>, or the aria-label a table row's template gave the <select>.
// It runs after Django's autocomplete.js has drawn the boxes: its jQuery ready handler is queued
// after Django's (this file comes after autocomplete.js, registry/admin/widgets.py), and a row's
// boxes are named just after Django's own formset:added listener has drawn them.
{
    function fieldName(select) {
        const label = select.id ? document.querySelector(`label[for="${select.id}"]`) : null;
        const text = label ? label.textContent : (select.getAttribute('aria-label') || select.name);
        return text.trim().replace(/:$/, '');
    }

    function nameBox(select) {
        const container = select.nextElementSibling;
        if (!container || !container.classList.contains('select2') || container.dataset.named) {
            return;
        }
        const name = fieldName(select);
        const hidden = document.createElement('span');
        hidden.id = `${select.id || select.name}-autocomplete-name`;
        hidden.className = 'visually-hidden';
        hidden.textContent = name;
        container.prepend(hidden);
        const box = container.querySelector('.select2-selection');
        const value = container.querySelector('.select2-selection__rendered');
        if (value) {
            value.removeAttribute('role');
            value.removeAttribute('aria-readonly');
        }
        if (box) {
            const ids = [hidden.id];
            if (value && value.id && !box.classList.contains('select2-selection--multiple')) {
                ids.push(value.id);
            }
            box.setAttribute('aria-labelledby', ids.join(' '));
        }
        container.querySelectorAll('.select2-search__field').forEach((search) => {
            search.setAttribute('aria-label', name);
        });
        container.dataset.named = 'true';
    }

    function nameBoxes(root) {
        root.querySelectorAll('select.admin-autocomplete').forEach(nameBox);
    }

    const $ = django.jQuery;
    $(() => {
        nameBoxes(document);
        // The drop-down's own search field is drawn when it opens.
        $(document).on('select2:open', (event) => {
            const name = fieldName(event.target);
            document.querySelectorAll('.select2-container--open .select2-search__field').forEach((search) => {
                search.setAttribute('aria-label', name);
            });
        });
    });
    document.addEventListener('formset:added', (event) => {
        // Django's own listener draws the new row's boxes; name them once it has.
        setTimeout(() => nameBoxes(event.target), 0);
    });
}
