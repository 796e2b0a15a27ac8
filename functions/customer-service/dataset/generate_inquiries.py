#!/usr/bin/env python3
"""Composes agentfleet's labelled support-inquiry dataset (src/main/resources/inquiries/inquiries.csv).

Each template is a phrasing written for one category; slots vary products, amounts and details, and a tone
(neutral, negative, positive) is added around it and labels the sentiment. The template id is kept in the CSV so the
held-out split can hold out whole phrasings: accuracy is then measured on wordings the classifier never saw.
Deterministic (fixed seed): re-running it reproduces the file.
"""
import csv
import random

random.seed(20261123)

PRODUCTS = ["Pro plan", "Basic plan", "Team plan", "wireless headphones", "smart watch", "coffee grinder", "running shoes",
            "desk lamp", "backpack", "phone case", "yoga mat", "blender", "annual subscription", "monthly subscription"]
AMOUNTS = ["$19.99", "$49", "$120", "€35", "£15", "$9.99", "$250", "€80"]
DEVICES = ["iPhone", "Android phone", "iPad", "Windows laptop", "Mac", "Chromebook", "the web app"]
FEATURES = ["sync", "export to PDF", "notifications", "the dashboard", "search", "file upload", "the calendar view", "dark mode"]
DAYS = ["two days", "a week", "three days", "10 days", "two weeks", "since Monday", "since yesterday"]
CARRIERS = ["UPS", "FedEx", "DHL", "the post office", "USPS"]

T = {
    "billing": [
        "I was charged twice for my {product} this month.",
        "Why is there a charge of {amount} on my card that I don't recognise?",
        "My invoice shows {amount} but the {product} costs less than that.",
        "Can you send me a copy of my last invoice for the {product}?",
        "The payment for my {product} failed but the money left my account.",
        "I need a refund for the duplicate payment of {amount}.",
        "How do I update the credit card you bill for my {product}?",
        "You billed me {amount} after I switched to the {product}, the price should be lower.",
        "I see a pending charge of {amount} that never went through.",
        "Please explain the tax added to my bill for the {product}.",
        "My company needs a VAT invoice with our address for the {product}.",
        "The discount code was not applied and I paid the full {amount}.",
        "I was billed in the wrong currency for my {product}.",
        "Can I pay for the {product} by bank transfer instead of card?",
        "Your receipt says {amount} but my bank statement says something else.",
        "Your system took payment for my {product} twice on the same day.",
        "I cancelled my trial but still got billed {amount} this morning.",
        "The price went up without notice, my card was charged {amount}.",
        "Where can I find the receipts for all my payments this year?",
        "I paid for the {product} but the invoice says unpaid.",
        "Please refund the {amount} you took from my bank account by mistake.",
        "My card was declined but I have enough funds, can you check the payment?",
        "I was overcharged for the {product}, the checkout showed a lower price.",
        "Can you split the payment for the {product} into monthly instalments?",
        "The annual fee of {amount} was billed even though I chose monthly billing.",
        "I need to change the billing address printed on my invoices.",
        "There's a mysterious fee on my statement from your company.",
        "How much will I be charged when my {product} renews?",
        "You charged my old card instead of the new one I added.",
        "I would like a partial refund for the days the {product} was not working.",
    ],
    "technical": [
        "The app crashes every time I open {feature} on my {device}.",
        "{feature} has stopped working on {device} {days}.",
        "I get an error 500 when I try to use {feature}.",
        "The page keeps loading forever when I click on {feature}.",
        "After the latest update {feature} is broken on my {device}.",
        "My data does not sync between my {device} and the website.",
        "The {device} app freezes and then closes by itself.",
        "I cannot upload files larger than a few megabytes, it just fails.",
        "Notifications never arrive on my {device} even though they are enabled.",
        "The export to PDF produces an empty document.",
        "Your website shows a blank white screen on {device}.",
        "{feature} is extremely slow, it takes minutes to respond.",
        "I found a bug: {feature} shows the wrong dates.",
        "The API returns a timeout error when I call it from my server.",
        "Buttons on {feature} do nothing when I tap them on {device}.",
        "Login works but the home screen never finishes loading on {device}.",
        "I keep getting 'something went wrong' when saving changes.",
        "The search returns no results even for items I know exist.",
        "Images do not load anymore, I only see broken icons.",
        "The app drains my battery since the last update on {device}.",
        "Syncing gets stuck at 99% and never completes.",
        "My calendar entries disappeared after the software update.",
        "The website is down for me, it shows a 502 bad gateway error.",
        "The {device} app won't install, the download fails halfway.",
        "Copy and paste doesn't work in the editor on {device}.",
        "The integration with Slack stopped posting messages.",
        "Charts on the dashboard show no data since this morning.",
        "Keyboard shortcuts stopped working in the web version.",
        "Video calls drop after a few seconds in your app.",
        "Your webhook keeps sending the same event again and again.",
    ],
    "account": [
        "I forgot my password and the reset email never arrives.",
        "How do I change the email address on my account?",
        "My account was locked after too many login attempts.",
        "I want to change my username.",
        "Someone else may have logged into my account, I see unknown activity.",
        "How can I enable two-factor authentication on my account?",
        "I lost my phone and can't get the two-factor code to sign in.",
        "Please merge my two accounts into one.",
        "I want to add a second user to my account.",
        "How do I download all the personal data you have about me?",
        "The verification email link has expired, how do I verify my account?",
        "I cannot log in with Google anymore, it says account not found.",
        "How do I update my profile name and phone number?",
        "Please delete my account and all my data.",
        "My account shows the wrong country and I can't change it.",
        "I can't sign in, it says my credentials are invalid but they are correct.",
        "How do I reset my password if I no longer have access to my old email?",
        "Please update the phone number linked to my profile.",
        "I want to transfer ownership of my account to a colleague.",
        "My login session expires every few minutes and I have to sign in again.",
        "I received a security alert about a new sign-in that wasn't me.",
        "How do I remove a team member from my account?",
        "I created two accounts by mistake with different emails.",
        "I never received the confirmation email to activate my account.",
        "Can I change the language of my account settings?",
        "My profile picture won't update no matter what I upload.",
        "How do I switch my account from personal to business?",
        "The password requirements are unclear, my new password keeps being rejected.",
        "I want to close my account permanently.",
        "Someone changed my account email without my permission.",
    ],
    "shipping": [
        "My {product} has not arrived yet, it has been {days}.",
        "The tracking number for my {product} doesn't work on the {carrier} website.",
        "The package was marked as delivered but I never received it.",
        "My {product} arrived damaged, the box was crushed.",
        "Can I change the delivery address for my {product} order?",
        "How long does shipping to Canada take?",
        "The tracking has not updated {days}, where is my parcel?",
        "I received the wrong item instead of my {product}.",
        "{carrier} says the address is incomplete and is returning my package.",
        "Do you ship to Norway and how much does it cost?",
        "My order of the {product} is missing one of the items.",
        "Can I get express delivery for my {product}? I need it by Friday.",
        "The courier left my {product} with a neighbour I don't know.",
        "Why was my {product} sent in two separate packages?",
        "Delivery was supposed to be yesterday but the {product} still isn't here.",
        "When will my {product} be shipped? The order still says processing.",
        "The delivery driver never showed up during the time slot.",
        "My parcel is stuck in customs, what do I need to do?",
        "The {carrier} tracking shows my {product} going to the wrong city.",
        "Can I pick up my {product} from a collection point instead?",
        "Half of my order arrived but the rest has no tracking at all.",
        "The shipping cost at checkout was higher than on your website.",
        "My {product} came without the charger that should be in the box.",
        "Is it possible to schedule the delivery of my {product} for next week?",
        "I was not home and {carrier} took my package back to the depot.",
        "The parcel was left outside in the rain and the {product} is wet.",
        "How can I track an order if I checked out as a guest?",
        "My delivery has been rescheduled three times already.",
        "Do you deliver on weekends?",
        "The estimated delivery date keeps moving further away.",
    ],
    "cancellation": [
        "Please cancel my {product} subscription.",
        "I want to cancel my order for the {product} before it ships.",
        "How do I stop the automatic renewal of my {product}?",
        "I'd like to end my membership at the end of this month.",
        "Cancel my account renewal, I no longer need the {product}.",
        "I changed my mind about the {product}, can I cancel the order?",
        "How can I downgrade or cancel the {product}?",
        "Please terminate my contract and confirm the cancellation in writing.",
        "I want to return the {product} and cancel the rest of my order.",
        "Stop billing me, I want to unsubscribe from the {product}.",
        "Is there a fee if I cancel the {product} before the year is over?",
        "I signed up for the free trial by mistake, please cancel it.",
        "Can I pause my {product} instead of cancelling it?",
        "I'm moving abroad and need to cancel my {product}.",
        "Cancel the second order, I placed it twice by accident.",
        "I no longer want the {product}, please close my subscription.",
        "Please make sure my plan does not auto-renew next month.",
        "How do I opt out of the {product} membership?",
        "I want to cancel and get my money back for the unused months.",
        "End my service at the end of the billing period please.",
        "I'd like to cancel my pre-order of the {product}.",
        "Where is the button to cancel my plan? I can't find it.",
        "Please stop my recurring order of the {product}.",
        "I want to leave the {product}, it's too expensive for me now.",
        "My father passed away, how do I cancel his subscription?",
        "Cancel everything on my account except the free tier.",
        "I requested cancellation last week but I was still charged for renewal.",
        "Can I cancel only one of the two licenses on my plan?",
        "I placed an order this morning and want to cancel it right away.",
        "Please confirm that my subscription is cancelled and won't renew.",
    ],
    "other": [
        "Do you have a student discount?",
        "Are you hiring customer support agents?",
        "I would like to suggest a new feature for the app.",
        "What are your opening hours for phone support?",
        "Do you have a partnership program for resellers?",
        "Is the {product} available in other colours?",
        "Where is your company headquartered?",
        "Can I visit a physical store to see the {product}?",
        "I want to give feedback about my experience with your team.",
        "Do you offer gift cards?",
        "Is the {product} made from recycled materials?",
        "Who can I talk to about a press interview?",
        "Do you sponsor community events?",
        "What is the warranty period for the {product}?",
        "Are there any upcoming sales or promotions?",
        "Can you tell me more about your company's privacy practices?",
        "Is there a referral program if I invite friends?",
        "I'd like to know if the {product} comes with a user manual in Spanish.",
        "Do you have an affiliate program for bloggers?",
        "What is your environmental policy?",
        "Can I book a demo for my team?",
        "Do you offer discounts for non-profit organisations?",
        "How can I become a supplier for your company?",
        "I just wanted to say your support team was amazing last week.",
        "Are your products sold in Japan?",
        "What payment methods will you accept in the future?",
        "Is there a community forum where users share tips?",
        "Do you have a mobile app for tablets planned?",
        "Can I get a printed catalogue of your products?",
        "Who designed the {product}? It looks great.",
    ],
}

NEGATIVE_BEFORE = ["This is ridiculous.", "I'm really frustrated.", "Terrible service.", "I am very angry.",
                   "This is the third time I'm writing.", "Unacceptable!", "I'm so disappointed."]
NEGATIVE_AFTER = ["Fix this now!", "I want this sorted immediately.", "Worst experience ever.", "I'm losing my patience.",
                  "This is unacceptable."]
POSITIVE_BEFORE = ["Hi, I love your service!", "Hello, thanks for the great product.", "Hi team, you have been great so far."]
POSITIVE_AFTER = ["Thanks so much for your help!", "Really appreciate it, thank you!", "Keep up the great work!"]
NEUTRAL_BEFORE = ["Hello,", "Hi,", "Good morning,", ""]
NEUTRAL_AFTER = ["Thanks.", "Regards.", "", "Thank you."]


def fill(template):
    return template.format(product=random.choice(PRODUCTS), amount=random.choice(AMOUNTS), device=random.choice(DEVICES),
                           feature=random.choice(FEATURES), days=random.choice(DAYS), carrier=random.choice(CARRIERS))


rows = []
seen = set()
for category, templates in T.items():
    for index, template in enumerate(templates):
        # two variants per template, in two different tones (three for every third template)
        tones = random.sample(["neutral", "negative", "positive"], 3 if index % 3 == 0 else 2)
        for tone in tones:
            for _ in range(10):
                body = fill(template)
                if tone == "negative":
                    text = f"{random.choice(NEGATIVE_BEFORE)} {body} {random.choice(NEGATIVE_AFTER)}"
                elif tone == "positive":
                    text = f"{random.choice(POSITIVE_BEFORE)} {body} {random.choice(POSITIVE_AFTER)}"
                else:
                    text = f"{random.choice(NEUTRAL_BEFORE)} {body} {random.choice(NEUTRAL_AFTER)}"
                text = " ".join(text.split())
                if text not in seen:
                    seen.add(text)
                    rows.append((f"{category}-{index:02d}", category, tone, text))
                    break

random.shuffle(rows)
with open("../src/main/resources/inquiries/inquiries.csv", "w", newline="") as out:
    writer = csv.writer(out)
    writer.writerow(["template", "category", "sentiment", "text"])
    writer.writerows(rows)
print(len(rows), "examples")
