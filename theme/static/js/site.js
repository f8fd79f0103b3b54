// Coopérer: the site's one small script, an enhancement. Without it every page still works.
//
// 1. E-mail addresses are written « nom [arobase] domaine », the two parts in their own <span>,
//    so that robots harvesting addresses (they look for « @ » and « mailto: ») find nothing;
//    people read them, screen readers say them, and here they become mailto: links.
// 2. The header's menus (<details>) close with Escape; the « Plus » list, which covers the page
//    on a wide screen, also closes on a click elsewhere and when the focus leaves it.
// A classic script (it also runs from disk), in a block so that it leaves no global name.
{
	for (const element of document.querySelectorAll(".email")) {
		const [name, domain] = element.querySelectorAll("span");
		const address = `${name.textContent}@${domain.textContent}`;
		const link = document.createElement("a");
		link.href = `mailto:${address}`;
		link.textContent = address;
		element.replaceChildren(link);
	}

	document.addEventListener("keydown", (event) => {
		const menu = event.key === "Escape" && document.activeElement?.closest(".site-nav details[open]");
		if (menu) {
			menu.open = false;
			menu.querySelector("summary").focus();
		}
	});

	const closeOthers = (event) => {
		for (const menu of document.querySelectorAll(".menu-more details[open]")) {
			if (!menu.contains(event.target)) menu.open = false;
		}
	};
	document.addEventListener("click", closeOthers);
	document.addEventListener("focusin", closeOthers);
}
