'use strict';
// The admin's proposed slug spells accented Latin letters instead of dropping them, as the server
// does (core/slugs.py): Django's URLify keeps only letters in its tables, so "Nguyễn Thị Hương"
// became "nguyn-th-hng". Decomposing first leaves base letters and combining accents, and the
// accents are removed; Đ/đ (a letter of its own, not D with a mark) is spelt D/d. Letters of other
// scripts still give nothing here: the slug is then made, or refused with a message, on saving.
{
    const djangoURLify = window.URLify;
    window.URLify = function(text, maxLength, allowUnicode) {
        const spelt = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/Đ/g, 'D').replace(/đ/g, 'd');
        return djangoURLify(spelt, maxLength, allowUnicode);
    };
}
