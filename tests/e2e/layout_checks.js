// What a person sees of the page's frame, measured in the browser by test_every_page.py.
// Evaluated as one expression; returns plain data for Python to compare.
() => {
  const describe = (el) => {
    const parts = [];
    for (let node = el; node && node.nodeType === 1 && parts.length < 3; node = node.parentElement) {
      let part = node.tagName.toLowerCase();
      if (node.id) part += `#${node.id}`;
      for (const name of [...node.classList].slice(0, 2)) part += `.${name}`;
      parts.unshift(part);
      if (node.id) break;
    }
    return parts.join(" > ");
  };
  const transformed = (el) => {
    const style = getComputedStyle(el);
    return ["transform", "translate", "scale", "rotate"].some(
      (property) => style[property] && style[property] !== "none"
    );
  };
  const root = document.documentElement;
  const width = root.clientWidth;

  // The site header, and whatever in it or above it is transformed.
  const header = document.querySelector("body > header");
  let box = null;
  const transforms = [];
  if (header) {
    const rect = header.getBoundingClientRect();
    // Insets from both edges, so a vertical scrollbar on a long page changes nothing.
    box = {
      start: Math.round(rect.left),
      end: Math.round(width - rect.right),
      top: Math.round(rect.top + window.scrollY),
      height: Math.round(rect.height),
    };
    const around = [header, ...header.querySelectorAll("*")];
    for (let node = header.parentElement; node; node = node.parentElement) around.push(node);
    for (const el of around) {
      if (transformed(el)) transforms.push(`${describe(el)} (${getComputedStyle(el).transform})`);
    }
  }

  // Sideways overflow: the outermost elements that stick out of the window.
  const clipped = (el) => {
    for (let node = el.parentElement; node && node !== root; node = node.parentElement) {
      if (node !== document.body && getComputedStyle(node).overflowX !== "visible") return true;
    }
    return false;
  };
  // Only the end side scrolls: the off-screen skip link on the start side is no overflow.
  const rtl = getComputedStyle(root).direction === "rtl";
  const sticksOut = (el) => {
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && (rtl ? rect.left < -1 : rect.right > width + 1);
  };
  const overflowing = [];
  if (root.scrollWidth > window.innerWidth) {
    for (const el of document.body.querySelectorAll("*")) {
      if (sticksOut(el) && !clipped(el) && !(el.parentElement && sticksOut(el.parentElement))) {
        const rect = el.getBoundingClientRect();
        overflowing.push(`${describe(el)} (${Math.round(rect.left)}..${Math.round(rect.right)} px)`);
        if (overflowing.length === 3) break;
      }
    }
  }

  // Tables wider than their container must scroll inside a focusable container.
  const tables = [];
  for (const table of document.querySelectorAll("main table")) {
    const tableWidth = table.getBoundingClientRect().width;
    const container = table.parentElement;
    if (tableWidth <= container.clientWidth + 1) continue;
    let scroller = null;
    for (let node = container; node && node !== document.body; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (overflow === "auto" || overflow === "scroll") {
        scroller = node;
        break;
      }
    }
    if (!scroller) {
      tables.push(`${describe(table)} is ${Math.round(tableWidth)} px wide in ${Math.round(container.clientWidth)} px, with no scrolling container`);
    } else if (scroller.getAttribute("tabindex") !== "0") {
      tables.push(`${describe(table)} scrolls in ${describe(scroller)}, which a keyboard cannot focus (no tabindex="0")`);
    }
  }

  return {
    lang: root.lang,
    scrollWidth: root.scrollWidth,
    innerWidth: window.innerWidth,
    header: box,
    transforms,
    overflowing,
    tables,
  };
}
